// Decode every workout of a stridewise plan folder with Garmin's own JavaScript FIT SDK
// (@garmin/fitsdk) and check every field against plan.json: no decoder errors, a valid
// file, every field as written; the runs' workouts and the strength sessions'. Usage: node check-workouts-fitsdk.mjs PLAN_DIR
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
// The strength and mobility sessions (issue 26): sport training / strength_training, per
// exercise a reps or time step with the profile's exercise category, a rest, a repeat.
const CATEGORY = { 10: 'hipRaise', 11: 'hipStability', 17: 'lunge', 28: 'squat', 31: 'warmUp', 37: 'bandedExercises' };
for (const week of plan.weeks) {
  for (const session of week.strength ?? []) {
    const file = session.workout_file;
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
    const wkt = messages.workoutMesgs?.[0] ?? {};
    expect(file, 'workout.sport', wkt.sport, 'training');
    expect(file, 'workout.subSport', wkt.subSport, 'strengthTraining');
    expect(file, 'workout.wktName', wkt.wktName, `W${week.week} S${session.session} hip`);
    const steps = messages.workoutStepMesgs ?? [];
    expect(file, 'workout.numValidSteps', wkt.numValidSteps, steps.length);
    expect(file, 'steps', steps.length, 3 * session.exercises.length);
    session.exercises.forEach((e, k) => {
      const st = steps[3 * k] ?? {};
      const rest = steps[3 * k + 1] ?? {};
      const rep = steps[3 * k + 2] ?? {};
      const sides = e.per_side ? 2 : 1;
      expect(file, `step ${3 * k} messageIndex`, st.messageIndex, 3 * k);
      expect(file, `step ${3 * k} wktStepName`, st.wktStepName, e.name);
      if (e.reps !== null) {
        expect(file, `step ${3 * k} durationType`, st.durationType, 'reps');
        expect(file, `step ${3 * k} durationReps`, st.durationReps, e.reps * sides);
      } else {
        expect(file, `step ${3 * k} durationType`, st.durationType, 'time');
        expect(file, `step ${3 * k} durationTime`, st.durationTime, e.seconds * sides);
      }
      expect(file, `step ${3 * k} targetType`, st.targetType, 'open');
      expect(file, `step ${3 * k} intensity`, st.intensity, 'active');
      expect(file, `step ${3 * k} exerciseCategory`, st.exerciseCategory, CATEGORY[e.fit_exercise_category]);
      if (e.fit_exercise_name !== null) {
        expect(file, `step ${3 * k} exerciseName`, st.exerciseName, e.fit_exercise_name);
      }
      expect(file, `rest ${3 * k + 1} intensity`, rest.intensity, 'rest');
      expect(file, `rest ${3 * k + 1} durationTime`, rest.durationTime, session.rest_s);
      expect(file, `repeat ${3 * k + 2} durationType`, rep.durationType, 'repeatUntilStepsCmplt');
      expect(file, `repeat ${3 * k + 2} durationStep`, rep.durationStep, 3 * k);
      expect(file, `repeat ${3 * k + 2} repeatSteps`, rep.repeatSteps, session.sets);
    });
  }
}
if (failures > 0) {
  console.error(`check-workouts-fitsdk: ${failures} problems in ${files} workouts`);
  process.exit(1);
}
console.log(`check-workouts-fitsdk: ${files} workouts decoded by @garmin/fitsdk, every field as written`);
