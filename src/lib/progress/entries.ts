/** Storing a trainee's verified sign-off entries in their profile: a pure state change. */
import type { ProgressState } from './format';

/** The state with the profile's entry list replaced by `entries` (already verified by the caller). */
export function withEntries(state: ProgressState, profileId: string, entries: string[]): ProgressState {
  const profile = state.profiles[profileId];
  if (!profile) return state;
  return { ...state, profiles: { ...state.profiles, [profileId]: { ...profile, entries } } };
}
