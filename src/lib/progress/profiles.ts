/** Managing the trainees on one browser (the My progress page): pure state changes. */
import { nameProblem } from '../trust/fields';
import { fail, ok, type Result } from '../result';
import { MAX_NAME, cleanName, type ProgressState } from './format';

/** Why a change was not made: the trainee is gone (another tab removed them), or the name cannot be kept. */
export type ChangeReason = 'no-such-trainee' | 'bad-name';

export type Change = Result<ProgressState, ChangeReason>;

export function renameProfile(state: ProgressState, id: string, name: string): Change {
  const profile = state.profiles[id];
  if (!profile) return fail('no-such-trainee', 'That trainee is no longer on this browser.');
  const clean = cleanName(name);
  if (!clean) return fail('bad-name', `Type a name of 1 to ${MAX_NAME} characters.`);
  const problem = nameProblem(clean, 'The name');
  if (problem) return fail('bad-name', `${problem}. Type the name as it is written.`);
  return ok({ ...state, profiles: { ...state.profiles, [id]: { ...profile, name: clean } } });
}

/** Removes a trainee and all their progress from this browser (the page asks first). */
export function removeProfile(state: ProgressState, id: string): Change {
  if (!state.profiles[id]) return fail('no-such-trainee', 'That trainee is no longer on this browser.');
  const profiles = { ...state.profiles };
  delete profiles[id];
  return ok({ ...state, profiles, active: state.active === id ? null : state.active });
}
