import { StorageUnavailableError } from '@hush/domain';
import { ProbeTimeoutError, StorageCircuit } from './storage-circuit';

const PROBE_TIMEOUT_MS = 100;

/** A probe the test answers by hand: each call is one write waiting for commit() or fail(). */
class ManualProbe {
  readonly writes: { commit: () => void; fail: (error: unknown) => void }[] = [];

  run = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      this.writes.push({ commit: resolve, fail: reject });
    });

  get last() {
    const write = this.writes.at(-1);
    if (!write) throw new Error('no probe ran');
    return write;
  }
}

describe('StorageCircuit', () => {
  let probe: ManualProbe;
  let changes: boolean[];
  let circuit: StorageCircuit;

  beforeEach(() => {
    jest.useFakeTimers();
    probe = new ManualProbe();
    changes = [];
    circuit = new StorageCircuit(probe.run, { probeTimeoutMs: PROBE_TIMEOUT_MS, onChange: (open) => changes.push(open) });
  });
  afterEach(() => {
    circuit.stop();
    jest.useRealTimers();
  });

  it('stays closed while the probe commits in time', async () => {
    const checked = circuit.check();
    probe.last.commit();
    await expect(checked).resolves.toBeUndefined();
    expect(circuit.isOpen).toBe(false);
    expect(() => circuit.assertClosed()).not.toThrow();
    expect(changes).toEqual([]);
  });

  it('opens when the probe does not commit within its timeout, and then refuses at once', async () => {
    const checked = circuit.check();
    const verdict = expect(checked).rejects.toBeInstanceOf(ProbeTimeoutError);
    await jest.advanceTimersByTimeAsync(PROBE_TIMEOUT_MS);
    await verdict;
    expect(circuit.isOpen).toBe(true);
    expect(() => circuit.assertClosed()).toThrow(StorageUnavailableError);
    expect(changes).toEqual([true]);
  });

  it('runs one probe at a time: callers share its verdict, also after it was given', async () => {
    const first = circuit.check();
    const second = circuit.check();
    circuit.noteTimeout();
    expect(probe.writes).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(PROBE_TIMEOUT_MS);
    await expect(first).rejects.toBeInstanceOf(ProbeTimeoutError);
    await expect(second).rejects.toBeInstanceOf(ProbeTimeoutError);
    // Its write still hangs: no second write piles up behind it.
    await expect(circuit.check()).rejects.toBeInstanceOf(ProbeTimeoutError);
    await jest.advanceTimersByTimeAsync(5 * PROBE_TIMEOUT_MS);
    expect(probe.writes).toHaveLength(1);
  });

  it('closes when the hanging write commits at last', async () => {
    circuit.noteTimeout();
    await jest.advanceTimersByTimeAsync(PROBE_TIMEOUT_MS);
    expect(circuit.isOpen).toBe(true);
    probe.last.commit();
    await jest.advanceTimersByTimeAsync(0);
    expect(circuit.isOpen).toBe(false);
    expect(changes).toEqual([true, false]);
  });

  it('while open, probes again every probe timeout once the last write has ended, and closes when one commits', async () => {
    circuit.noteTimeout();
    await jest.advanceTimersByTimeAsync(PROBE_TIMEOUT_MS);
    probe.last.fail(new Error('Query read timeout'));
    await jest.advanceTimersByTimeAsync(PROBE_TIMEOUT_MS);
    expect(probe.writes).toHaveLength(2);
    expect(circuit.isOpen).toBe(true);
    probe.last.commit();
    await jest.advanceTimersByTimeAsync(0);
    expect(circuit.isOpen).toBe(false);
    await jest.advanceTimersByTimeAsync(10 * PROBE_TIMEOUT_MS);
    expect(probe.writes).toHaveLength(2);
  });

  it('opens on a probe that itself times out (statement or connection timeout), not on one refused at once', async () => {
    const refused = circuit.check();
    probe.last.fail(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    await expect(refused).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(circuit.isOpen).toBe(false);

    const timedOut = circuit.check();
    probe.last.fail(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }));
    await expect(timedOut).rejects.toMatchObject({ code: '57014' });
    expect(circuit.isOpen).toBe(true);
  });

  it('a probe that fails with an answer (an SQL error) proves the server answers: it closes the circuit, and the check still fails', async () => {
    circuit.noteTimeout();
    await jest.advanceTimersByTimeAsync(PROBE_TIMEOUT_MS);
    probe.last.fail(new Error('Query read timeout'));
    await jest.advanceTimersByTimeAsync(PROBE_TIMEOUT_MS);
    const checked = circuit.check();
    probe.last.fail(Object.assign(new Error('relation "hush_probe" does not exist'), { code: '42P01' }));
    await expect(checked).rejects.toMatchObject({ code: '42P01' });
    expect(circuit.isOpen).toBe(false);
  });

  it('stops probing once stopped', async () => {
    circuit.noteTimeout();
    await jest.advanceTimersByTimeAsync(PROBE_TIMEOUT_MS);
    probe.last.fail(new Error('Query read timeout'));
    circuit.stop();
    await jest.advanceTimersByTimeAsync(10 * PROBE_TIMEOUT_MS);
    expect(probe.writes).toHaveLength(1);
  });
});
