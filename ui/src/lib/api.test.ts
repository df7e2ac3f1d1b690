import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

import { ApiError, appInfo } from './api';

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

  it('calls the app_info command', async () => {
    invoke.mockResolvedValue({ version: '1', wallet_dir: '/w', wallet_exists: false });
    await expect(appInfo()).resolves.toEqual({ version: '1', wallet_dir: '/w', wallet_exists: false });
    expect(invoke).toHaveBeenCalledWith('app_info', undefined);
  });

  it('turns a command error into a typed ApiError', async () => {
    invoke.mockRejectedValue({ kind: 'wallet_location', message: 'no home' });
    const err = await rejectionOf(appInfo());
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).kind).toBe('wallet_location');
    expect((err as ApiError).message).toBe('no home');
  });

  it('wraps anything else as an internal error', async () => {
    invoke.mockRejectedValue('boom');
    const err = (await rejectionOf(appInfo())) as ApiError;
    expect(err.kind).toBe('internal');
  });
});
