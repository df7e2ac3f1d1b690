import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({
  invoke: (...args: unknown[]) => invoke(...args),
  Channel: class {
    onmessage: (m: unknown) => void = () => {};
  },
}));

import { ApiError, importText, recover, unlock, walletStatus } from './api';

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('api', () => {
  beforeEach(() => {
    invoke.mockReset();
  });

  it('calls the wallet_status command', async () => {
    invoke.mockResolvedValue({ exists: false });
    await expect(walletStatus()).resolves.toEqual({ exists: false });
    expect(invoke).toHaveBeenCalledWith('wallet_status', undefined);
  });

  it('passes arguments under the names the Rust commands take', async () => {
    invoke.mockResolvedValue({});
    await unlock('pw');
    expect(invoke).toHaveBeenLastCalledWith('unlock', { passphrase: 'pw' });
    await recover('CODE', 'new');
    expect(invoke).toHaveBeenLastCalledWith('recover', { recoveryCode: 'CODE', newPassphrase: 'new' });
  });

  it('hands progress from the channel to the caller', async () => {
    const seen: unknown[] = [];
    invoke.mockImplementation(async (_cmd: string, args: { onProgress: { onmessage: (m: unknown) => void } }) => {
      args.onProgress.onmessage({ done: 1, total: 1 });
      return [];
    });
    await importText('{}', (p) => seen.push(p));
    expect(seen).toEqual([{ done: 1, total: 1 }]);
  });

  it('turns a command error into a typed ApiError', async () => {
    invoke.mockRejectedValue({ kind: 'wrong_passphrase', message: 'no' });
    const err = await rejectionOf(unlock('x'));
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).kind).toBe('wrong_passphrase');
    expect((err as ApiError).message).toBe('no');
  });

  it('wraps anything else as an internal error', async () => {
    invoke.mockRejectedValue('boom');
    const err = (await rejectionOf(walletStatus())) as ApiError;
    expect(err.kind).toBe('internal');
  });
});
