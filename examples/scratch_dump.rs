use fitparser::de::{FitObject, FitStreamProcessor};
fn main() {
    let p = std::env::args().nth(1).unwrap();
    let kind = std::env::args().nth(2).unwrap_or("record".into());
    let n: usize = std::env::args().nth(3).map_or(5, |s| s.parse().unwrap());
    let bytes = std::fs::read(p).unwrap();
    let mut pr = FitStreamProcessor::new();
    let mut rest = &bytes[..];
    let mut k = 0;
    while !rest.is_empty() {
        match pr.deserialize_next(rest) {
            Ok((next, obj)) => {
                rest = next;
                match obj {
                    FitObject::Crc(_) => pr.reset(),
                    FitObject::DataMessage(m) => match pr.decode_message(m) {
                        Ok(r) => {
                            if r.kind().to_string() == kind && k < n {
                                k += 1;
                                let s: Vec<String> = r
                                    .fields()
                                    .iter()
                                    .map(|f| format!("{}={}", f.name(), f.value()))
                                    .collect();
                                println!("{}", s.join(" "));
                            }
                        }
                        Err(e) => {
                            println!("decode err {e}");
                            break;
                        }
                    },
                    _ => {}
                }
            }
            Err(e) => {
                println!("err at {}: {e}", bytes.len() - rest.len());
                break;
            }
        }
    }
}
