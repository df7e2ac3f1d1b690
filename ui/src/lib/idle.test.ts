import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { idleTimer } from './idle';

describe('idle timer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fires after the delay without input', () => {
    const onIdle = vi.fn();
    const timer = idleTimer(10, onIdle, window);
    vi.advanceTimersByTime(10 * 60_000 - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledOnce();
    timer.stop();
  });

  it('restarts on every key press', () => {
    const onIdle = vi.fn();
    const timer = idleTimer(1, onIdle, window);
    vi.advanceTimersByTime(50_000);
    window.dispatchEvent(new KeyboardEvent('keydown'));
    vi.advanceTimersByTime(50_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10_000);
    expect(onIdle).toHaveBeenCalledOnce();
    timer.stop();
  });

  it('never fires when set to 0, and not after stop', () => {
    const onIdle = vi.fn();
    const timer = idleTimer(0, onIdle, window);
    vi.advanceTimersByTime(24 * 3600_000);
    timer.setMinutes(1);
    timer.stop();
    vi.advanceTimersByTime(120_000);
    expect(onIdle).not.toHaveBeenCalled();
  });
});
