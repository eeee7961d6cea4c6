//! Which recording devices have a barometric altimeter, from the makers' specifications.
//!
//! A file never says where its altitude came from (FIT, GPX and TCX have no field for
//! it), so the altitude source is decided from what the recording device can measure
//! (DOMAIN.md "Before coaching": only some watches have a barometer; take it from the
//! maker's specifications per product, and treat an unknown device as GPS-only). The
//! device is named by FIT `file_id.product_name`, else `garmin_product` as this project
//! decodes it (`fenix6x`, `fr945`, `vivo_active_hr`), by TCX `Creator/Name`
//! (`Forerunner 310XT`, `fēnix 5`) or by GPX `creator` (`GPSMAP 64s`).
//!
//! Names are compared after folding: lower case, diacritics dropped (`fēnix` → `fenix`,
//! `vívoactive` → `vivoactive`), everything but letters and digits removed, a leading
//! `garmin` dropped and a leading `forerunner` written `fr` (Garmin's own product codes). A row matches a name that
//! starts with its key; the longest matching key wins, so `suunto9baro` (barometer)
//! beats `suunto9` (none) and `vivoactive3` beats `vivoactive`.
//!
//! Every row names its source: the maker's specification page of the product (section
//! "Sensors" at Garmin, "Technical specifications" at Suunto, COROS, Polar and Apple).
//! Products whose specifications we have not checked are not listed: they are unknown,
//! and an unknown device is not assumed barometric.

/// What the specifications say about a device's altimeter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Altimeter {
    /// A barometric altimeter: smooth altitude that resolves about 1 m.
    Barometric,
    /// GPS altitude only.
    GpsOnly,
}

/// One product family: folded name prefix, altimeter, and where that comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Row {
    /// Folded name prefix (see the module docs).
    pub key: &'static str,
    /// What the device measures altitude with.
    pub altimeter: Altimeter,
    /// The specification the row comes from.
    pub source: &'static str,
}

const fn baro(key: &'static str, source: &'static str) -> Row {
    Row {
        key,
        altimeter: Altimeter::Barometric,
        source,
    }
}

const fn gps(key: &'static str, source: &'static str) -> Row {
    Row {
        key,
        altimeter: Altimeter::GpsOnly,
        source,
    }
}

/// The device table (README "Elevation": the same table in words).
pub(crate) const DEVICES: &[Row] = &[
    // Garmin outdoor and multisport watches: every model of these lines lists a
    // "barometric altimeter" among its sensors.
    baro(
        "fenix",
        "Garmin fēnix (1–8) specs, Sensors: barometric altimeter",
    ),
    baro(
        "epix",
        "Garmin epix / epix Gen 2 / epix Pro specs, Sensors: barometric altimeter",
    ),
    baro(
        "enduro",
        "Garmin Enduro / Enduro 2 / 3 specs, Sensors: barometric altimeter",
    ),
    baro(
        "instinct",
        "Garmin Instinct (all models) specs, Sensors: barometric altimeter",
    ),
    baro(
        "tactix",
        "Garmin tactix specs, Sensors: barometric altimeter",
    ),
    baro(
        "quatix",
        "Garmin quatix specs, Sensors: barometric altimeter",
    ),
    baro("marq", "Garmin MARQ specs, Sensors: barometric altimeter"),
    baro(
        "descent",
        "Garmin Descent specs, Sensors: barometric altimeter",
    ),
    // Garmin Forerunner: only some models.
    baro(
        "fr910xt",
        "Garmin Forerunner 910XT specs: barometric altimeter",
    ),
    baro(
        "fr920xt",
        "Garmin Forerunner 920XT specs: barometric altimeter",
    ),
    baro(
        "fr935",
        "Garmin Forerunner 935 specs, Sensors: barometric altimeter",
    ),
    baro(
        "fr945",
        "Garmin Forerunner 945 / 945 LTE specs, Sensors: barometric altimeter",
    ),
    baro(
        "fr955",
        "Garmin Forerunner 955 specs, Sensors: barometric altimeter",
    ),
    baro(
        "fr965",
        "Garmin Forerunner 965 specs, Sensors: barometric altimeter",
    ),
    baro(
        "fr745",
        "Garmin Forerunner 745 specs, Sensors: barometric altimeter",
    ),
    baro(
        "fr645",
        "Garmin Forerunner 645 specs, Sensors: barometric altimeter",
    ),
    baro(
        "fr255",
        "Garmin Forerunner 255 specs, Sensors: barometric altimeter",
    ),
    baro(
        "fr265",
        "Garmin Forerunner 265 specs, Sensors: barometric altimeter",
    ),
    gps(
        "fr10",
        "Garmin Forerunner 10 specs: GPS, no barometric altimeter",
    ),
    gps(
        "fr15",
        "Garmin Forerunner 15 specs: GPS, no barometric altimeter",
    ),
    gps(
        "fr25",
        "Garmin Forerunner 25 specs: GPS, no barometric altimeter",
    ),
    gps(
        "fr30",
        "Garmin Forerunner 30 specs: GPS, no barometric altimeter",
    ),
    gps(
        "fr35",
        "Garmin Forerunner 35 specs: GPS, no barometric altimeter",
    ),
    gps(
        "fr45",
        "Garmin Forerunner 45 specs: GPS, no barometric altimeter",
    ),
    gps(
        "fr55",
        "Garmin Forerunner 55 specs: GPS, no barometric altimeter",
    ),
    gps(
        "fr110",
        "Garmin Forerunner 110 specs: GPS, no barometric altimeter",
    ),
    gps(
        "fr205",
        "Garmin Forerunner 205 specs: GPS, no barometric altimeter",
    ),
    gps(
        "fr210",
        "Garmin Forerunner 210 specs: GPS, no barometric altimeter",
    ),
    gps(
        "fr220",
        "Garmin Forerunner 220 specs: GPS, no barometric altimeter",
    ),
    gps(
        "fr225",
        "Garmin Forerunner 225 specs: GPS, no barometric altimeter",
    ),
    gps(
        "fr230",
        "Garmin Forerunner 230 specs: GPS, no barometric altimeter",
    ),
    gps(
        "fr235",
        "Garmin Forerunner 235 specs: GPS, no barometric altimeter",
    ),
    gps(
        "fr245",
        "Garmin Forerunner 245 specs: GPS, no barometric altimeter",
    ),
    gps(
        "fr305",
        "Garmin Forerunner 305 specs: GPS, no barometric altimeter",
    ),
    gps(
        "fr310xt",
        "Garmin Forerunner 310XT specs: GPS, no barometric altimeter",
    ),
    gps(
        "fr405",
        "Garmin Forerunner 405 specs: GPS, no barometric altimeter",
    ),
    gps(
        "fr410",
        "Garmin Forerunner 410 specs: GPS, no barometric altimeter",
    ),
    gps(
        "fr610",
        "Garmin Forerunner 610 specs: GPS, no barometric altimeter",
    ),
    gps(
        "fr620",
        "Garmin Forerunner 620 specs: GPS, no barometric altimeter",
    ),
    gps(
        "fr630",
        "Garmin Forerunner 630 specs: GPS, no barometric altimeter",
    ),
    gps(
        "fr735xt",
        "Garmin Forerunner 735XT specs: GPS, no barometric altimeter",
    ),
    // Garmin vívoactive / Venu.
    gps(
        "vivoactive",
        "Garmin vívoactive (2015) specs: GPS, no barometric altimeter",
    ),
    baro(
        "vivoactivehr",
        "Garmin vívoactive HR specs, Sensors: barometric altimeter",
    ),
    baro(
        "vivoactive3",
        "Garmin vívoactive 3 specs, Sensors: barometric altimeter",
    ),
    baro(
        "vivoactive4",
        "Garmin vívoactive 4 specs, Sensors: barometric altimeter",
    ),
    gps(
        "vivoactive5",
        "Garmin vívoactive 5 specs: no barometric altimeter",
    ),
    // Garmin handhelds.
    gps(
        "gpsmap64",
        "Garmin GPSMAP 64 specs: no barometric altimeter",
    ),
    baro(
        "gpsmap64s",
        "Garmin GPSMAP 64s / 64st / 64sc specs: barometric altimeter",
    ),
    // Suunto.
    baro("suuntoambit2", "Suunto Ambit2 specs: barometric altimeter"),
    gps("suuntoambit2s", "Suunto Ambit2 S specs: GPS altitude only"),
    gps("suuntoambit2r", "Suunto Ambit2 R specs: GPS altitude only"),
    baro(
        "suuntoambit3peak",
        "Suunto Ambit3 Peak specs: barometric altimeter",
    ),
    gps(
        "suuntoambit3sport",
        "Suunto Ambit3 Sport specs: GPS altitude only",
    ),
    gps(
        "suuntoambit3run",
        "Suunto Ambit3 Run specs: GPS altitude only",
    ),
    gps(
        "suunto9",
        "Suunto 9 specs: GPS altitude with FusedAlti, no barometer",
    ),
    baro("suunto9baro", "Suunto 9 Baro specs: barometric altimeter"),
    baro(
        "suunto9peak",
        "Suunto 9 Peak / Peak Pro specs: barometric altimeter",
    ),
    gps(
        "suunto5",
        "Suunto 5 / 5 Peak specs: GPS altitude, no barometer",
    ),
    gps("suunto3", "Suunto 3 specs: no GPS, no barometer"),
    baro(
        "suuntospartanultra",
        "Suunto Spartan Ultra specs: barometric altimeter",
    ),
    gps(
        "suuntospartansport",
        "Suunto Spartan Sport specs: GPS altitude only",
    ),
    baro(
        "suuntospartansportwristhrbaro",
        "Suunto Spartan Sport Wrist HR Baro specs: barometric altimeter",
    ),
    gps(
        "suuntospartantrainer",
        "Suunto Spartan Trainer specs: GPS altitude only",
    ),
    baro(
        "suuntovertical",
        "Suunto Vertical specs: barometric altimeter",
    ),
    baro(
        "suuntorace",
        "Suunto Race / Race S specs: barometric altimeter",
    ),
    // COROS: every watch line below lists a barometer.
    baro(
        "corosapex",
        "COROS APEX / APEX Pro / APEX 2 specs, Sensors: barometer",
    ),
    baro(
        "corospace",
        "COROS PACE / PACE 2 / PACE 3 specs, Sensors: barometer",
    ),
    baro(
        "corosvertix",
        "COROS VERTIX / VERTIX 2 specs, Sensors: barometer",
    ),
    // Polar.
    baro("polarv800", "Polar V800 specs: barometric altimeter"),
    baro(
        "polarvantagev",
        "Polar Vantage V / V2 / V3 specs: barometric altimeter",
    ),
    gps(
        "polarvantagem",
        "Polar Vantage M / M2 specs: GPS altitude, no barometer",
    ),
    baro("polargritx", "Polar Grit X specs: barometric altimeter"),
    baro(
        "polarpacerpro",
        "Polar Pacer Pro specs: barometric altimeter",
    ),
    gps("polarm430", "Polar M430 specs: GPS altitude, no barometer"),
    gps("polarm400", "Polar M400 specs: GPS altitude, no barometer"),
    // Apple: "Always-on altimeter" (barometric) from Series 6, SE and Ultra.
    baro(
        "applewatchseries6",
        "Apple Watch Series 6 tech specs: always-on altimeter",
    ),
    baro(
        "applewatchseries7",
        "Apple Watch Series 7 tech specs: always-on altimeter",
    ),
    baro(
        "applewatchseries8",
        "Apple Watch Series 8 tech specs: always-on altimeter",
    ),
    baro(
        "applewatchseries9",
        "Apple Watch Series 9 tech specs: always-on altimeter",
    ),
    baro(
        "applewatchseries10",
        "Apple Watch Series 10 tech specs: always-on altimeter",
    ),
    baro(
        "applewatchultra",
        "Apple Watch Ultra tech specs: always-on altimeter",
    ),
    baro(
        "applewatchse",
        "Apple Watch SE tech specs: always-on altimeter",
    ),
];

/// A device name folded for matching (see the module docs).
#[must_use]
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ō' | 'ø' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        }
    }
    // "Garmin Forerunner 945", "Garmin fēnix 5": the maker's name before the product.
    let product = match out.strip_prefix("garmin") {
        Some(rest) if !rest.is_empty() => rest,
        _ => out.as_str(),
    };
    match product.strip_prefix("forerunner") {
        Some(rest) => format!("fr{rest}"),
        None => product.to_string(),
    }
}

/// The table row of a device name, if the table knows it.
#[must_use]
pub(crate) fn lookup(name: &str) -> Option<&'static Row> {
    let f = fold(name);
    DEVICES
        .iter()
        .filter(|r| f.starts_with(r.key))
        .max_by_key(|r| r.key.len())
}

/// What the table says about a recording device: its product name first, then the
/// file's creator text. `None` for a device the table does not know.
#[must_use]
pub(crate) fn of_device(d: &crate::model::Device) -> Option<&'static Row> {
    [&d.product, &d.creator]
        .into_iter()
        .flatten()
        .find_map(|n| lookup(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_the_files_write_them() {
        for (name, want) in [
            ("fenix6x", Some(Altimeter::Barometric)),
            ("fēnix 5", Some(Altimeter::Barometric)),
            ("fenix 6 Sapphire", Some(Altimeter::Barometric)),
            ("fr945", Some(Altimeter::Barometric)),
            ("Forerunner 945", Some(Altimeter::Barometric)),
            ("Forerunner 310XT", Some(Altimeter::GpsOnly)),
            ("Garmin Forerunner 110", Some(Altimeter::GpsOnly)),
            ("fr110", Some(Altimeter::GpsOnly)),
            ("fr45", Some(Altimeter::GpsOnly)),
            ("Forerunner305", Some(Altimeter::GpsOnly)),
            ("vivo_active_hr", Some(Altimeter::Barometric)),
            ("vívoactive 3", Some(Altimeter::Barometric)),
            ("vivoactive", Some(Altimeter::GpsOnly)),
            ("Suunto 9 Baro", Some(Altimeter::Barometric)),
            ("Suunto 9", Some(Altimeter::GpsOnly)),
            ("Suunto Spartan Ultra", Some(Altimeter::Barometric)),
            ("COROS APEX Pro", Some(Altimeter::Barometric)),
            ("COROS PACE 2", Some(Altimeter::Barometric)),
            ("Polar V800", Some(Altimeter::Barometric)),
            ("GPSMAP 64s", Some(Altimeter::Barometric)),
            ("Garmin", None),
            ("Garmin Connect", None),
            ("StravaGPX", None),
            ("Huami Amazfit Sports Watch", None),
            ("stridewise synth", None),
            ("23", None),
            ("", None),
        ] {
            assert_eq!(lookup(name).map(|r| r.altimeter), want, "{name}");
        }
    }

    #[test]
    fn every_row_has_a_folded_key_and_a_source() {
        for r in DEVICES {
            assert_eq!(fold(r.key), r.key, "{}", r.key);
            assert!(!r.source.is_empty());
            assert_eq!(DEVICES.iter().filter(|x| x.key == r.key).count(), 1);
        }
    }
}
