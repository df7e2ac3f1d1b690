// The one typed door to the Rust side. Components call these functions, never
// `invoke` directly, and get a typed `ApiError` when a command fails. Secrets
// (passphrases, the recovery code) are passed straight through and never kept here.
import { Channel, invoke } from '@tauri-apps/api/core';
import type { CommandError } from './bindings/CommandError';
import type { Created } from './bindings/Created';
import type { CredentialCard } from './bindings/CredentialCard';
import type { CredentialDetail } from './bindings/CredentialDetail';
import type { Deleted } from './bindings/Deleted';
import type { ImportProgress } from './bindings/ImportProgress';
import type { ImportResult } from './bindings/ImportResult';
import type { Settings } from './bindings/Settings';
import type { WalletStatus } from './bindings/WalletStatus';
import type { PortfolioSummaryView } from './bindings/PortfolioSummaryView';
import type { PortfolioView } from './bindings/PortfolioView';
import type { PortfolioPreview } from './bindings/PortfolioPreview';
import type { ShareView } from './bindings/ShareView';
import type { BackupDone } from './bindings/BackupDone';
import type { RestoreDone } from './bindings/RestoreDone';
import type { DeepLinkView } from './bindings/DeepLinkView';
import type { Card } from '../viewer/types';

export type {
  CommandError,
  CredentialCard,
  CredentialDetail,
  ImportProgress,
  ImportResult,
  Settings,
  WalletStatus,
  PortfolioSummaryView,
  PortfolioView,
  ShareView,
  BackupDone,
  RestoreDone,
  DeepLinkView,
};
export type { ShareState } from './bindings/ShareState';

/** A portfolio as the registrar's page will show it, in the viewer's own card model. */
export type Preview = Omit<PortfolioPreview, 'cards'> & { cards: Card[] };
export type { Verdict } from './bindings/Verdict';
export type { CheckView } from './bindings/CheckView';

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

function progressChannel(onProgress: (p: ImportProgress) => void): Channel<ImportProgress> {
  const channel = new Channel<ImportProgress>();
  channel.onmessage = onProgress;
  return channel;
}

export const walletStatus = () => call<WalletStatus>('wallet_status');
export const createWallet = (passphrase: string) => call<Created>('create_wallet', { passphrase });
export const unlock = (passphrase: string) => call<WalletStatus>('unlock', { passphrase });
export const unlockRemembered = () => call<WalletStatus>('unlock_remembered');
export const setRemembered = (remembered: boolean) => call<WalletStatus>('set_remembered', { remembered });
export const lock = () => call<WalletStatus>('lock');
export const recover = (recoveryCode: string, newPassphrase: string) =>
  call<WalletStatus>('recover', { recoveryCode, newPassphrase });
export const changePassphrase = (oldPassphrase: string, newPassphrase: string) =>
  call<null>('change_passphrase', { oldPassphrase, newPassphrase });
export const saveRecoveryCode = (recoveryCode: string) =>
  call<string | null>('save_recovery_code', { recoveryCode });

export const listCredentials = () => call<CredentialCard[]>('list_credentials');
export const searchCredentials = (text: string) => call<string[]>('search_credentials', { text });
export const credentialImage = (id: string) => call<string | null>('credential_image', { id });
export const credentialDetail = (id: string) => call<CredentialDetail>('credential_detail', { id });
export const reverifyCredential = (id: string) => call<CredentialDetail>('reverify_credential', { id });
export const deleteCredential = (id: string) => call<Deleted>('delete_credential', { id });
export const exportOriginal = (id: string) => call<string | null>('export_original', { id });

export const importPaths = (paths: string[], onProgress: (p: ImportProgress) => void) =>
  call<ImportResult[]>('import_paths', { paths, onProgress: progressChannel(onProgress) });
export const importPick = (folders: boolean, onProgress: (p: ImportProgress) => void) =>
  call<ImportResult[] | null>('import_pick', { folders, onProgress: progressChannel(onProgress) });
export const importText = (text: string, onProgress: (p: ImportProgress) => void) =>
  call<ImportResult[]>('import_text', { text, onProgress: progressChannel(onProgress) });

export const getSettings = () => call<Settings>('get_settings');
export const setLockMinutes = (minutes: number) => call<number>('set_lock_minutes', { minutes });

export const setRelayUrl = (url: string) => call<string>('set_relay_url', { url });
export const addRegistry = (url: string) => call<string[]>('add_registry', { url });
export const removeRegistry = (url: string) => call<string[]>('remove_registry', { url });
export const addEmail = (address: string) => call<string[]>('add_email', { address });
export const removeEmail = (address: string) => call<string[]>('remove_email', { address });
export const backupWallet = () => call<BackupDone | null>('backup_wallet');
export const restoreBackup = (passphrase: string) => call<RestoreDone | null>('restore_backup', { passphrase });

export const listPortfolios = () => call<PortfolioSummaryView[]>('list_portfolios');
export const getPortfolio = (id: string) => call<PortfolioView>('get_portfolio', { id });
export const createPortfolio = (title: string, credentials: string[]) =>
  call<PortfolioView>('create_portfolio', { title, credentials });
export const renamePortfolio = (id: string, title: string) => call<PortfolioView>('rename_portfolio', { id, title });
export const setPortfolioNote = (id: string, note: string) => call<PortfolioView>('set_portfolio_note', { id, note });
export const pickInPortfolio = (id: string, credential: string, included: boolean) =>
  call<PortfolioView>('pick_in_portfolio', { id, credential, included });
export const moveInPortfolio = (id: string, credential: string, position: number) =>
  call<PortfolioView>('move_in_portfolio', { id, credential, position });
export const deletePortfolio = (id: string) => call<null>('delete_portfolio', { id });
export const previewPortfolio = (id: string) => call<PortfolioPreview>('preview_portfolio', { id }) as Promise<Preview>;

export const sharePortfolio = (portfolio: string, expires: string) =>
  call<ShareView>('share_portfolio', { portfolio, expires });
export const listShares = () => call<ShareView[]>('list_shares');
export const unshare = (id: string) => call<ShareView>('unshare', { id });
export const saveQr = (id: string, format: 'png' | 'svg') => call<string | null>('save_qr', { id, format });

export const takeDeepLinks = () => call<DeepLinkView[]>('take_deep_links');
export const importUrl = (url: string, onProgress: (p: ImportProgress) => void) =>
  call<ImportResult[]>('import_url', { url, onProgress: progressChannel(onProgress) });
