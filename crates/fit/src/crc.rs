//! The FIT CRC-16 (FIT SDK "FIT File Protocol", section "CRC"; `fit_crc.c`): one
//! implementation for the decoder, which checks it, and the encoder, which writes it.

/// The FIT CRC-16 (FIT SDK "FIT File Protocol", section "CRC", `fit_crc.c`): CRC-16/ARC,
/// reflected polynomial 0xA001, initial value 0. The SDK folds in a nibble at a time
/// through a 16-entry table; here `CRC_TABLES[0]` is the byte-wide table
/// (`crc = (crc >> 8) ^ T[(crc ^ byte) & 0xFF]`) and `CRC_TABLES[k][b]` the CRC of byte `b`
/// followed by `k` zero bytes, so eight bytes are folded in per step ("slicing-by-8"):
/// the CRC is linear, so each byte's contribution can be looked up independently
/// instead of waiting for the previous byte's result.
const CRC_TABLES: [[u16; 256]; 8] = {
    let mut t = [[0u16; 256]; 8];
    let mut i = 0;
    while i < 256 {
        #[allow(clippy::cast_possible_truncation)] // i < 256
        let mut crc = i as u16;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xA001
            } else {
                crc >> 1
            };
            bit += 1;
        }
        t[0][i] = crc;
        i += 1;
    }
    let mut k = 1;
    while k < 8 {
        let mut i = 0;
        while i < 256 {
            let prev = t[k - 1][i];
            t[k][i] = (prev >> 8) ^ t[0][(prev & 0xFF) as usize];
            i += 1;
        }
        k += 1;
    }
    t
};

/// The FIT CRC-16 of `data`, from 0. (Indexing a 256-entry table with a `u8` cannot go
/// out of bounds.)
#[must_use]
pub fn crc16(data: &[u8]) -> u16 {
    let [t0, t1, t2, t3, t4, t5, t6, t7] = &CRC_TABLES;
    let mut crc = 0u16;
    let mut chunks = data.chunks_exact(8);
    for c in &mut chunks {
        let &[b0, b1, b2, b3, b4, b5, b6, b7] = c else {
            continue;
        };
        let [lo, hi] = crc.to_le_bytes();
        crc = t7[usize::from(b0 ^ lo)]
            ^ t6[usize::from(b1 ^ hi)]
            ^ t5[usize::from(b2)]
            ^ t4[usize::from(b3)]
            ^ t3[usize::from(b4)]
            ^ t2[usize::from(b5)]
            ^ t1[usize::from(b6)]
            ^ t0[usize::from(b7)];
    }
    for b in chunks.remainder() {
        let [lo, _] = crc.to_le_bytes();
        crc = (crc >> 8) ^ t0[usize::from(lo ^ b)];
    }
    crc
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The FIT SDK's CRC as `fit_crc.c` computes it: a nibble at a time through its
    /// 16-entry table (the definition the sliced version must equal).
    fn sdk_nibble_crc(data: &[u8]) -> u16 {
        const T: [u16; 16] = [
            0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800,
            0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
        ];
        let mut crc: u16 = 0;
        for &byte in data {
            for nibble in [byte & 0xF, byte >> 4] {
                let tmp = T[usize::from(crc & 0xF)];
                crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ T[usize::from(nibble)];
            }
        }
        crc
    }

    #[test]
    fn the_sliced_crc_is_the_sdk_nibble_crc() {
        let data: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
        for n in [0, 1, 2, 7, 8, 9, 12, 15, 16, 17, 100, data.len()] {
            let part = &data[..n];
            assert_eq!(crc16(part), sdk_nibble_crc(part), "{n} bytes");
        }
        assert_eq!(crc16(b"123456789"), 0xBB3D, "CRC-16/ARC check value");
    }
}
