import { describe, expect, it } from 'vitest';
import { NewestWins } from '../../src/components/newest-wins';

describe('NewestWins', () => {
  it('keeps only the newest attempt current', () => {
    const newest = new NewestWins();
    const first = newest.next();
    expect(first.current).toBe(true);
    const second = newest.next();
    expect(first.current).toBe(false);
    expect(second.current).toBe(true);
  });

  it('hands out the current attempt’s ticket without starting another', () => {
    const newest = new NewestWins();
    const started = newest.next();
    const retry = newest.ticket();
    expect(started.current).toBe(true);
    expect(retry.current).toBe(true);
    newest.next();
    expect(retry.current).toBe(false);
  });

  it('makes every ticket stale when dropped', () => {
    const newest = new NewestWins();
    const a = newest.next();
    const b = newest.ticket();
    newest.drop();
    expect(a.current).toBe(false);
    expect(b.current).toBe(false);
    expect(newest.ticket().current).toBe(true);
  });
});
