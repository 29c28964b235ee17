// Instants as the API writes them (RFC 3339 in UTC, up to nanoseconds) and how old they are, in words.

const RFC3339_UTC = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/;

/** A string that sorts like the instant, to the nanosecond (Date keeps only milliseconds). */
export function instantKey(text) {
  const match = RFC3339_UTC.exec(text ?? '');
  return match ? `${match[1]}.${(match[2] ?? '').padEnd(9, '0')}Z` : String(text ?? '');
}

export function millis(text) {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** "3 days ago", "12 min ago", "in 2 days (dated in the future)". */
export function age(text, now = Date.now()) {
  const at = millis(text);
  if (at === null) {
    return '—';
  }
  const seconds = Math.round((now - at) / 1000);
  const span = duration(Math.abs(seconds));
  if (span === null) {
    return 'just now';
  }
  return seconds >= 0 ? `${span} ago` : `in ${span} (dated in the future)`;
}

function duration(seconds) {
  if (seconds < 60) {
    return null;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    return `${hours} h`;
  }
  const days = Math.floor(hours / 24);
  if (days < 90) {
    return `${days} days`;
  }
  return `${Math.floor(days / 30)} months`;
}

/** Local date and time, to the minute, for people. */
export function when(text) {
  const at = millis(text);
  if (at === null) {
    return '—';
  }
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function clock(ms = Date.now()) {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
