#!/usr/bin/env bash
# Fuzz smoke test: build the cargo-fuzz targets in fuzz/ and run each one for a short
# while on stable Rust (--sanitizer none), failing if any target crashes, hangs (>10 s on
# one input) or runs out of memory: more than FUZZ_RSS_LIMIT_MB (default 512 MiB; every
# input is capped at 128 MiB inflated, so a small input that costs more is a bug, as
# issue 15 found for FIT files of many empty messages).
#
#   scripts/fuzz-smoke.sh [SECONDS]      (default: 20 seconds per target)
#
# cargo-fuzz is installed with `cargo install --locked cargo-fuzz` when `cargo fuzz` is
# missing (needs crates.io and a C++ compiler for libFuzzer; stable Rust is enough).
# Runs every target `cargo fuzz list` names (fit, gpx, tcx, xml_fast, vendor, archive, pipeline, and the
# option-file readers rules and pain_log; see
# fuzz/fuzz_targets/ and the "Fuzzing" section of docs/SAFETY.md). Empty corpora (fuzz/corpus/ is
# not in git) are seeded first from sample_data/, a few tiny hand-made files and, when
# the real-file corpus is there (STRIDEWISE_CORPUS, else ../shared/corpus), its small FIT
# and GPX files. A crashing input is saved
# under fuzz/artifacts/TARGET/; each target's log is in fuzz/target/smoke/TARGET.log.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
rss_limit_mb="${FUZZ_RSS_LIMIT_MB:-512}"
case "$seconds" in
  '' | *[!0-9]*) echo "usage: scripts/fuzz-smoke.sh [SECONDS]" >&2; exit 2 ;;
esac

if ! cargo fuzz --version > /dev/null 2>&1; then
  echo "fuzz-smoke: cargo-fuzz is missing: installing it (cargo install --locked cargo-fuzz)"
  cargo install --locked cargo-fuzz
fi
# Every target in fuzz/Cargo.toml.
mapfile -t targets < <(cargo fuzz list)
[ ${#targets[@]} -gt 0 ] || { echo "fuzz-smoke: no fuzz targets found" >&2; exit 2; }

# Seed one target's corpus from the given files, only when it is empty.
seed() {
  local dir="fuzz/corpus/$1"
  shift
  mkdir -p "$dir"
  [ -z "$(ls -A "$dir")" ] || return 0
  local f
  for f in "$@"; do
    [ -f "$f" ] && cp "$f" "$dir/"
  done
  return 0
}

seeds="fuzz/target/smoke/seeds"
mkdir -p "$seeds" fuzz/target/smoke
for f in sample_data/*.fit; do
  # Header, definitions and the first records: small inputs mutate faster.
  head -c 4000 "$f" > "$seeds/$(basename "$f" .fit)-head.fit"
done
head -c 3000 sample_data/hilly-10k.gpx > "$seeds/hilly-head.gpx"
cat > "$seeds/hand.gpx" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?><gpx creator="Garmin Connect" version="1.1" xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"><trk><name>Run</name><type>running</type><trkseg><trkpt lat="41.0" lon="-74.1"><ele>100.5</ele><time>2019-06-15T09:42:00.500Z</time><extensions><ns3:TrackPointExtension><ns3:hr>140</ns3:hr><ns3:cad>85</ns3:cad><ns3:speed>3.2</ns3:speed></ns3:TrackPointExtension></extensions></trkpt><trkpt lat="41.001" lon="-74.1"><ele>101</ele><time>2019-06-15T09:42:03Z</time></trkpt></trkseg></trk><rte><rtept lat="1" lon="2"/></rte></gpx>
EOF
cat > "$seeds/hand.tcx" <<'EOF'
<?xml version="1.0"?><TrainingCenterDatabase><Activities><Activity Sport="Running"><Lap StartTime="2020-01-01T00:00:00Z"><TotalTimeSeconds>60</TotalTimeSeconds><DistanceMeters>200</DistanceMeters><AverageHeartRateBpm><Value>150</Value></AverageHeartRateBpm><Cadence>85</Cadence><Track><Trackpoint><Time>2020-01-01T00:00:00Z</Time><Position><LatitudeDegrees>45</LatitudeDegrees><LongitudeDegrees>7</LongitudeDegrees></Position><AltitudeMeters>200</AltitudeMeters><DistanceMeters>0</DistanceMeters><HeartRateBpm><Value>140</Value></HeartRateBpm><Extensions><ns3:TPX><ns3:Speed>3.1</ns3:Speed><ns3:RunCadence>87</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint><Trackpoint><Time>2020-01-01T00:00:01Z</Time><Position><LatitudeDegrees>45.0001</LatitudeDegrees><LongitudeDegrees>7</LongitudeDegrees></Position><DistanceMeters>3</DistanceMeters></Trackpoint></Track></Lap><Creator><Name>Forerunner</Name></Creator></Activity></Activities><Courses><Course><Name>Loop</Name><Track><Trackpoint><Position><LatitudeDegrees>1</LatitudeDegrees><LongitudeDegrees>2</LongitudeDegrees></Position></Trackpoint></Track></Course></Courses></TrainingCenterDatabase>
EOF
cat > "$seeds/rules.toml" <<'EOF'
cadence_target_low_spm = 168
cadence_target_high_spm = 178
gap_model = "minetti"
balance_band_left_pct = [47.5, 52.5]

[floors]
coach_distance_m = 800

[severity]
overstride_proxies = 2
EOF
cat > "$seeds/pain.csv" <<'EOF'
date,pain,note
2024-05-05,5,"sore hip, left side"
2024-05-06,3,"said ""fine""
next line"
2024-05-07,0
EOF
# The corpus of real files: STRIDEWISE_CORPUS, else ../shared/corpus (README, "Development").
corpus_dir="${STRIDEWISE_CORPUS:-../shared/corpus}"
small_corpus=()
if [ -d "$corpus_dir" ]; then
  while IFS= read -r -d '' f; do small_corpus+=("$f"); done < <(
    find "$corpus_dir" -type f \( -iname '*.fit' -o -iname '*.gpx' \) -size -8k -print0 | sort -z)
fi
corpus_fit=() corpus_gpx=()
for f in ${small_corpus[@]+"${small_corpus[@]}"}; do
  case "$f" in *.gpx | *.GPX) corpus_gpx+=("$f") ;; *) corpus_fit+=("$f") ;; esac
done
for t in "${targets[@]}"; do
  case "$t" in
    fit*) seed "$t" "$seeds"/*.fit ${corpus_fit[@]+"${corpus_fit[@]}"} ;;
    gpx*) seed "$t" "$seeds"/*.gpx ${corpus_gpx[@]+"${corpus_gpx[@]}"} ;;
    tcx*) seed "$t" "$seeds/hand.tcx" ;;
    xml_fast*) seed "$t" "$seeds"/*.gpx "$seeds/hand.tcx" ${corpus_gpx[@]+"${corpus_gpx[@]}"} ;;
    rules*) seed "$t" "$seeds/rules.toml" ;;
    pain*) seed "$t" "$seeds/pain.csv" ;;
    pipeline*)
      seed "$t" "$seeds"/*.fit "$seeds/hand.gpx" "$seeds/hand.tcx" sample_data/treadmill.fit
      ;;
    vendor*)
      # One seed per reader: the first byte picks it (0 Suunto JSON, 1 .sml, 2 Moveslink,
      # 3 Polar JSON, 4 .hrm, 5 Apple Health).
      mkdir -p "fuzz/corpus/$t"
      if [ -z "$(ls -A "fuzz/corpus/$t")" ]; then
        printf '\000{"DeviceLog":{"Header":{"DateTime":"2024-05-01T07:00:00+02:00","Duration":3},"Samples":[{"TimeISO8601":"2024-05-01T07:00:01+02:00","HR":2.5,"Cadence":1.4,"Distance":3,"Latitude":0.8,"Longitude":0.2},{"Events":[{"Pause":{"State":true}}],"TimeISO8601":"2024-05-01T07:00:02+02:00"}],"Windows":[{"Window":{"Type":"Move","Duration":2}}],"R-R":{"Data":[400,410]}}}' > "fuzz/corpus/$t/suunto.json"
        printf '\001<sml><DeviceLog><Header><Duration>2</Duration></Header><Samples><Sample><Time>1</Time><UTC>2024-05-01T07:00:01Z</UTC><HR>2.5</HR><Latitude>0.8</Latitude><Longitude>0.2</Longitude></Sample></Samples><R-R><Data>400 410</Data></R-R></DeviceLog></sml>' > "fuzz/corpus/$t/log.sml"
        printf '\002<MovesCount TimeZone="60"><Moves><Move><Samples><HR><![CDATA[ 140 150]]></HR><Distance><![CDATA[ 30 31]]></Distance></Samples><Marks><Mark><Time>00:00:20.0</Time></Mark></Marks><Header><Activity>3</Activity><SampleRate>10</SampleRate><Time>2024-05-01 07:00:00</Time></Header></Move></Moves></MovesCount>' > "fuzz/corpus/$t/quest.xml"
        printf '\003{"exercises":[{"startTime":"2024-05-01T07:00:00.000","timezoneOffset":60,"sport":"RUNNING","samples":[{"type":"HEART_RATE","intervalMillis":1000,"values":[140,NaN,150]}],"laps":[{"duration":"PT2S","distance":6}]}]}' > "fuzz/corpus/$t/polar.json"
        printf '\005<HealthData><Record type="HKQuantityTypeIdentifierStepCount" unit="count" startDate="2024-05-01 07:00:00 +0200" endDate="2024-05-01 07:00:20 +0200" value="56"/><Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="1" durationUnit="min" startDate="2024-05-01 07:00:00 +0200" endDate="2024-05-01 07:01:00 +0200"><WorkoutEvent type="HKWorkoutEventTypePause" date="2024-05-01 07:00:30 +0200"/></Workout></HealthData>' > "fuzz/corpus/$t/export.xml"
        printf '\004[Params]\nVersion=106\nSMode=11100000\nDate=20240501\nStartTime=07:00:00.0\nInterval=1\n[IntTimes]\n0:00:02.0\t140\t130\t145\t150\n[HRData]\n140\t108\t85\t120\n' > "fuzz/corpus/$t/s710.hrm"
        # And the generated logs of every reader (stridewise::synth, the first minute of
        # two runs; Apple Health with and without an inline route).
        cargo run --quiet --example fuzz_seeds -- "fuzz/corpus/$t" ||
          echo "fuzz-smoke: no generated vendor seeds (cargo run --example fuzz_seeds failed)" >&2
      fi
      ;;
  esac
done
if [ ! -d fuzz/corpus/archive ] || [ -z "$(ls -A fuzz/corpus/archive 2> /dev/null)" ]; then
  mkdir -p fuzz/corpus/archive
  # A zip with a FIT, a GPX in a nested zip and a Strava-style CSV (python3's zipfile;
  # without python3 the target starts from an empty corpus and finds the zip magic itself).
  if command -v python3 > /dev/null 2>&1; then
    python3 - "$seeds" fuzz/corpus/archive/seed.zip <<'PY'
import io, sys, zipfile
seeds, out = sys.argv[1], sys.argv[2]
def zbytes(entries):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        for name, data, stored in entries:
            z.writestr(name, data, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    return b.getvalue()
fit = open(f"{seeds}/treadmill-head.fit", "rb").read()[:1500]
gpx = open(f"{seeds}/hand.gpx", "rb").read()
csv = b"Activity ID,Activity Name,Activity Type,Filename\n1,Run,Run,activities/1.fit\n"
inner = zbytes([("a.gpx", gpx, False)])
# An Apple Health export: export.xml streamed from the zip, its route member joined.
health = (b'<HealthData><Record type="HKQuantityTypeIdentifierHeartRate" unit="count/min" '
          b'startDate="2019-06-15 11:42:01 +0200" endDate="2019-06-15 11:42:01 +0200" value="140"/>'
          b'<Workout workoutActivityType="HKWorkoutActivityTypeRunning" startDate="2019-06-15 11:42:00 +0200" '
          b'endDate="2019-06-15 11:43:00 +0200"><WorkoutRoute><FileReference path="/workout-routes/r.gpx"/>'
          b'</WorkoutRoute></Workout></HealthData>')
open(out, "wb").write(zbytes([("activities.csv", csv, False), ("activities/1.fit", fit, False),
                              ("inner.zip", inner, True),
                              ("apple_health_export/export.xml", health, False),
                              ("apple_health_export/workout-routes/r.gpx", gpx, False)]))
PY
  fi
fi

echo "fuzz-smoke: building the fuzz targets (cargo fuzz build --sanitizer none)"
cargo fuzz build --sanitizer none

failed=()
for t in "${targets[@]}"; do
  log="fuzz/target/smoke/$t.log"
  echo "fuzz-smoke: $t for ${seconds}s"
  if cargo fuzz run "$t" --sanitizer none -- \
    -max_total_time="$seconds" -rss_limit_mb="$rss_limit_mb" -malloc_limit_mb="$rss_limit_mb" -timeout=10 > "$log" 2>&1; then
    grep -E '^Done [0-9]+ runs' "$log" | sed "s/^/fuzz-smoke: $t: /" || true
  else
    failed+=("$t")
    echo "fuzz-smoke: $t FAILED; the end of $log:" >&2
    grep -E 'panicked at|SUMMARY|Test unit written|ERROR: libFuzzer' "$log" | head -20 >&2 || true
  fi
done

# The FIT target again under a tight memory limit (issue 15 items 5 and 6: small inputs
# that cost gigabytes). Seeds: many one-byte session, lap and compressed-timestamp record
# messages, which used to cost about 1 KB of memory per input byte. A file within the
# decoder's input size that needs more than 512 MiB fails the run.
if printf '%s\n' "${targets[@]}" | grep -qx fit; then
  mkdir -p fuzz/corpus/fit-memory
  if command -v python3 > /dev/null 2>&1; then
    python3 - fuzz/corpus/fit-memory <<'PY'
import struct, sys
out = sys.argv[1]
T = [0]*256
for i in range(256):
    c = i
    for _ in range(8):
        c = (c >> 1) ^ 0xA001 if c & 1 else c >> 1
    T[i] = c
def crc(b):
    c = 0
    for x in b:
        c = (c >> 8) ^ T[(c ^ x) & 0xFF]
    return c
def fit(m):
    h = bytes([12, 0x10, 0x2D, 0x08]) + struct.pack('<I', len(m)) + b'.FIT' + m
    return h + struct.pack('<H', crc(h))
sessions = bytes([0x40, 0, 0, 18, 0, 0, 0x41, 0, 0, 19, 0, 0]) + b'\x00' * 3000 + b'\x01' * 3000
records = (bytes([0x40, 0, 0, 20, 0, 1, 253, 4, 0x86, 0]) + struct.pack('<I', 1_000_000_000)
           + bytes([0x41, 0, 0, 20, 0, 0]) + bytes(0xA0 | (i & 0x1F) for i in range(6000)))
open(f'{out}/sessions-laps.fit', 'wb').write(fit(sessions))
open(f'{out}/compressed-records.fit', 'wb').write(fit(records))
PY
  fi
  log="fuzz/target/smoke/fit-memory.log"
  echo "fuzz-smoke: fit under -rss_limit_mb=512 for ${seconds}s"
  if cargo fuzz run fit fuzz/corpus/fit-memory fuzz/corpus/fit --sanitizer none -- \
    -max_total_time="$seconds" -rss_limit_mb=512 -malloc_limit_mb=512 -timeout=10 \
    > "$log" 2>&1; then
    grep -E '^Done [0-9]+ runs' "$log" | sed "s/^/fuzz-smoke: fit-memory: /" || true
  else
    failed+=("fit-memory")
    echo "fuzz-smoke: fit-memory FAILED; the end of $log:" >&2
    grep -E 'panicked at|SUMMARY|Test unit written|ERROR: libFuzzer|rss limit|malloc' "$log" \
      | head -20 >&2 || true
  fi
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz-smoke: crashes in: ${failed[*]} (inputs under fuzz/artifacts/)" >&2
  exit 1
fi
echo "fuzz-smoke: ${#targets[@]} targets, ${seconds}s each, no crash"
