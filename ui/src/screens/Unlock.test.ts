import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';

const api = vi.hoisted(() => ({
  unlock: vi.fn(),
  unlockRemembered: vi.fn(),
  setRemembered: vi.fn(),
  recover: vi.fn(),
}));
vi.mock('../lib/api', async (original) => ({
  ...(await original<typeof import('../lib/api')>()),
  ...api,
}));

import { ApiError } from '../lib/api';
import Unlock from './Unlock.svelte';

describe('Unlock: remember on this device', () => {
  afterEach(cleanup);
  beforeEach(() => {
    for (const fn of Object.values(api)) fn.mockReset();
  });

  it('opens a remembered wallet by itself when Cairn starts', async () => {
    api.unlockRemembered.mockResolvedValue({});
    const onUnlocked = vi.fn();
    render(Unlock, { remembered: true, autoUnlock: true, onUnlocked });
    await waitFor(() => expect(onUnlocked).toHaveBeenCalled());
    expect(api.unlockRemembered).toHaveBeenCalledTimes(1);
    expect(api.unlock).not.toHaveBeenCalled();
  });

  it('waits to be asked after a lock, then unlocks with the device', async () => {
    api.unlockRemembered.mockResolvedValue({});
    const onUnlocked = vi.fn();
    render(Unlock, { remembered: true, autoUnlock: false, onUnlocked });
    expect(api.unlockRemembered).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('unlock-remembered'));
    await waitFor(() => expect(onUnlocked).toHaveBeenCalled());
  });

  it('shows why the device could not unlock, and the passphrase still works', async () => {
    api.unlockRemembered.mockRejectedValue(
      new ApiError({ kind: 'not_remembered', message: 'This device no longer remembers your wallet.' }),
    );
    const onUnlocked = vi.fn();
    render(Unlock, { remembered: true, autoUnlock: true, onUnlocked });
    expect(await screen.findByTestId('unlock-error')).toHaveProperty(
      'textContent',
      'This device no longer remembers your wallet.',
    );
    expect(onUnlocked).not.toHaveBeenCalled();
  });

  it('offers to remember only where there is a keychain', () => {
    const { unmount } = render(Unlock, { keychainAvailable: false, onUnlocked: vi.fn() });
    expect(screen.queryByTestId('unlock-remember')).toBeNull();
    unmount();
    render(Unlock, { keychainAvailable: true, onUnlocked: vi.fn() });
    expect(screen.getByTestId('unlock-remember')).toBeTruthy();
  });

  it('remembers after unlocking when asked to, and says so', async () => {
    api.unlock.mockResolvedValue({});
    api.setRemembered.mockResolvedValue({ remembered: true });
    const onUnlocked = vi.fn();
    render(Unlock, { keychainAvailable: true, onUnlocked });
    await fireEvent.input(screen.getByTestId('unlock-passphrase'), { target: { value: 'pw' } });
    await fireEvent.click(screen.getByTestId('unlock-remember'));
    await fireEvent.submit(screen.getByTestId('unlock-form'));
    await waitFor(() => expect(onUnlocked).toHaveBeenCalled());
    expect(api.unlock).toHaveBeenCalledWith('pw');
    expect(api.setRemembered).toHaveBeenCalledWith(true);
    expect(onUnlocked.mock.calls[0][0]).toMatch(/remember/);
  });

  it('still opens the wallet when the keychain refuses, and tells the learner', async () => {
    api.unlock.mockResolvedValue({});
    api.setRemembered.mockRejectedValue(new Error('The keychain is locked.'));
    const onUnlocked = vi.fn();
    render(Unlock, { keychainAvailable: true, onUnlocked });
    await fireEvent.input(screen.getByTestId('unlock-passphrase'), { target: { value: 'pw' } });
    await fireEvent.click(screen.getByTestId('unlock-remember'));
    await fireEvent.submit(screen.getByTestId('unlock-form'));
    await waitFor(() => expect(onUnlocked).toHaveBeenCalled());
    expect(onUnlocked.mock.calls[0][0]).toMatch(/could not remember it: The keychain is locked/);
  });
});
