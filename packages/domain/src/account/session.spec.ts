import { Session, SessionLimits } from './session';

const T0 = new Date('2026-01-01T00:00:00Z');
const after = (ms: number) => new Date(T0.getTime() + ms);

describe('Session', () => {
  it('keeps the user agent\'s first 200 characters, without control characters, never cutting one in half', () => {
    expect(Session.start('d', 'a', `${'🙂'.repeat(200)}x`, T0).userAgent).toBe('🙂'.repeat(200));
    expect(Session.start('d', 'a', `${'a'.repeat(199)}🙂🙂`, T0).userAgent).toBe(`${'a'.repeat(199)}🙂`);
    expect(Session.start('d', 'a', 'Bad\u0000Agent\n', T0).userAgent).toBe('BadAgent');
    expect(Session.start('d', 'a', '', T0).userAgent).toBeNull();
    expect(Session.start('d', 'a', null, T0).userAgent).toBeNull();
  });

  it('ends when idle longer than the idle limit or older than the maximum age', () => {
    const limits = SessionLimits.create({ idleMinutes: 60, maxHours: 12 });
    const session = Session.start('d', 'a', null, T0);
    expect(session.hasEnded(after(60 * 60_000), limits)).toBe(false);
    expect(session.hasEnded(after(60 * 60_000 + 1), limits)).toBe(true);
    const busy = session.touched(after(12 * 3_600_000 - 1));
    expect(busy.hasEnded(after(12 * 3_600_000), limits)).toBe(false);
    expect(busy.hasEnded(after(12 * 3_600_000 + 1), limits)).toBe(true);
  });

  it('wants last seen written again only after a minute', () => {
    const session = Session.start('d', 'a', null, T0);
    expect(session.needsTouch(after(59_999))).toBe(false);
    expect(session.needsTouch(after(60_000))).toBe(true);
  });

  it('refuses limits that are not positive', () => {
    expect(() => SessionLimits.create({ idleMinutes: 0 })).toThrow(RangeError);
    expect(() => SessionLimits.create({ maxHours: Number.NaN })).toThrow(RangeError);
  });
});
