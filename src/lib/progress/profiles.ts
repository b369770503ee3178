/** Managing the trainees on one browser (the My progress page): pure state changes. */
import { nameProblem } from '../trust/fields';
import { MAX_NAME, cleanName, type ProgressState } from './format';

export type Change = { ok: true; state: ProgressState } | { ok: false; message: string };

export function renameProfile(state: ProgressState, id: string, name: string): Change {
  const profile = state.profiles[id];
  if (!profile) return { ok: false, message: 'That trainee is no longer on this browser.' };
  const clean = cleanName(name);
  if (!clean) return { ok: false, message: `Type a name of 1 to ${MAX_NAME} characters.` };
  const problem = nameProblem(clean, 'The name');
  if (problem) return { ok: false, message: `${problem}. Type the name as it is written.` };
  return { ok: true, state: { ...state, profiles: { ...state.profiles, [id]: { ...profile, name: clean } } } };
}

/** Removes a trainee and all their progress from this browser (the page asks first). */
export function removeProfile(state: ProgressState, id: string): Change {
  if (!state.profiles[id]) return { ok: false, message: 'That trainee is no longer on this browser.' };
  const profiles = { ...state.profiles };
  delete profiles[id];
  return { ok: true, state: { ...state, profiles, active: state.active === id ? null : state.active } };
}
