// Locks the wallet after a stretch without input. Activity is any key, pointer or
// wheel event on the window; the timer restarts on each.

const EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

export type IdleTimer = {
  /** Changes the delay (minutes; 0 turns auto-lock off) and restarts the timer. */
  setMinutes(minutes: number): void;
  stop(): void;
};

export function idleTimer(
  minutes: number,
  onIdle: () => void,
  target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window,
): IdleTimer {
  let delay = minutes * 60_000;
  let handle: ReturnType<typeof setTimeout> | undefined;
  const restart = () => {
    if (handle !== undefined) clearTimeout(handle);
    handle = delay > 0 ? setTimeout(onIdle, delay) : undefined;
  };
  for (const event of EVENTS) target.addEventListener(event, restart, { passive: true });
  restart();
  return {
    setMinutes(next: number) {
      delay = next * 60_000;
      restart();
    },
    stop() {
      if (handle !== undefined) clearTimeout(handle);
      for (const event of EVENTS) target.removeEventListener(event, restart);
    },
  };
}
