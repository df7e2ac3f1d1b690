// The one typed door to the Rust side. Components call these functions, never
// `invoke` directly, and get a typed `ApiError` when a command fails.
import { invoke } from '@tauri-apps/api/core';
import type { AppInfo } from './bindings/AppInfo';
import type { CommandError } from './bindings/CommandError';

export type { AppInfo, CommandError };

export class ApiError extends Error {
  readonly kind: string;
  constructor(error: CommandError) {
    super(error.message);
    this.kind = error.kind;
  }
}

function isCommandError(value: unknown): value is CommandError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as CommandError).kind === 'string' &&
    typeof (value as CommandError).message === 'string'
  );
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    if (isCommandError(error)) throw new ApiError(error);
    throw new ApiError({ kind: 'internal', message: String(error) });
  }
}

export function appInfo(): Promise<AppInfo> {
  return call<AppInfo>('app_info');
}
