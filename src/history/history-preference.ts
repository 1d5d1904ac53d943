/** localStorage key of the history switch. */
export const HISTORY_PREFERENCE_KEY = 'formcast:history';

/** Whether the user turned the history on. Off by default, and off when storage is unusable. */
export function readHistoryPreference(): boolean {
  try {
    return localStorage.getItem(HISTORY_PREFERENCE_KEY) === 'on';
  } catch {
    return false;
  }
}

/** Remembers the switch; returns false when the browser refused (the switch then lasts a visit). */
export function writeHistoryPreference(on: boolean): boolean {
  try {
    localStorage.setItem(HISTORY_PREFERENCE_KEY, on ? 'on' : 'off');
    return true;
  } catch {
    return false;
  }
}
