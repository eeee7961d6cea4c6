// Decode every workout of a stridewise plan folder with Garmin's own JavaScript FIT SDK
// (@garmin/fitsdk) and check every field against plan.json: no decoder errors, a valid
// file, every field as written. Usage: node check-workouts-fitsdk.mjs PLAN_DIR
import { Decoder, Stream } from '@garmin/fitsdk';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8'));
let failures = 0;
let files = 0;
const expect = (file, what, got, want) => {
  if (got !== want) {
    failures += 1;
    console.error(`${file}: ${what} is ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  }
};

for (const week of plan.weeks) {
  const target = week.target_spm;
  const lo = Math.floor(week.watch_band_spm[0] / 2);
  const hi = Math.ceil(week.watch_band_spm[1] / 2);
  for (const run of week.runs) {
    const file = run.workout_file;
    files += 1;
    const bytes = readFileSync(join(dir, file));
    const decoder = new Decoder(Stream.fromBuffer(bytes));
    expect(file, 'isFIT', decoder.isFIT(), true);
    expect(file, 'checkIntegrity', decoder.checkIntegrity(), true);
    const { messages, errors } = decoder.read();
    if (errors.length > 0) {
      failures += 1;
      console.error(`${file}: decoder errors: ${errors.map(String).join('; ')}`);
      continue;
    }
    const id = messages.fileIdMesgs?.[0] ?? {};
    expect(file, 'file_id.type', id.type, 'workout');
    expect(file, 'file_id.manufacturer', id.manufacturer, 'development');
    const wkt = messages.workoutMesgs?.[0] ?? {};
    expect(file, 'workout.sport', wkt.sport, 'running');
    expect(file, 'workout.wktName', wkt.wktName, `W${week.week} R${run.run} ${target}spm`);
    const steps = messages.workoutStepMesgs ?? [];
    expect(file, 'workout.numValidSteps', wkt.numValidSteps, steps.length);
    const runStep = (s, i, seconds) => {
      expect(file, `step ${i} messageIndex`, s.messageIndex, i);
      expect(file, `step ${i} wktStepName`, s.wktStepName, `Run ${target} spm`);
      expect(file, `step ${i} durationType`, s.durationType, 'time');
      expect(file, `step ${i} durationTime`, s.durationTime, seconds);
      expect(file, `step ${i} targetType`, s.targetType, 'cadence');
      expect(file, `step ${i} targetCadenceZone`, s.targetCadenceZone, 0);
      expect(file, `step ${i} customTargetCadenceLow`, s.customTargetCadenceLow, lo);
      expect(file, `step ${i} customTargetCadenceHigh`, s.customTargetCadenceHigh, hi);
      expect(file, `step ${i} intensity`, s.intensity, 'active');
      expect(file, `step ${i} notes`, s.notes, 'Easy pace, flat route');
    };
    if (run.run_walk === null) {
      expect(file, 'steps', steps.length, 1);
      runStep(steps[0] ?? {}, 0, run.duration_s);
    } else {
      const rw = run.run_walk;
      expect(file, 'steps', steps.length, rw.tail_run_s > 0 ? 4 : 3);
      runStep(steps[0] ?? {}, 0, rw.run_s);
      const walk = steps[1] ?? {};
      expect(file, 'walk wktStepName', walk.wktStepName, 'Walk');
      expect(file, 'walk durationType', walk.durationType, 'time');
      expect(file, 'walk durationTime', walk.durationTime, rw.walk_s);
      expect(file, 'walk targetType', walk.targetType, 'open');
      expect(file, 'walk intensity', walk.intensity, 'recovery');
      const rep = steps[2] ?? {};
      expect(file, 'repeat messageIndex', rep.messageIndex, 2);
      expect(file, 'repeat durationType', rep.durationType, 'repeatUntilStepsCmplt');
      expect(file, 'repeat durationStep', rep.durationStep, 0);
      expect(file, 'repeat repeatSteps', rep.repeatSteps, rw.repeats);
      if (rw.tail_run_s > 0) runStep(steps[3] ?? {}, 3, rw.tail_run_s);
    }
  }
}
if (failures > 0) {
  console.error(`check-workouts-fitsdk: ${failures} problems in ${files} workouts`);
  process.exit(1);
}
console.log(`check-workouts-fitsdk: ${files} workouts decoded by @garmin/fitsdk, every field as written`);
