import { render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const appInfo = vi.fn();
vi.mock('../lib/api', () => ({ appInfo: () => appInfo() }));

import Start from './Start.svelte';

describe('start screen', () => {
  beforeEach(() => {
    appInfo.mockReset();
  });

  it('says there is no wallet yet and where one will be created', async () => {
    appInfo.mockResolvedValue({ version: '9.9.9', wallet_dir: '/home/ada/.local/share/cairn', wallet_exists: false });
    render(Start);
    expect(await screen.findByText('No wallet yet')).toBeTruthy();
    expect(screen.getByTestId('wallet-dir').textContent).toBe('/home/ada/.local/share/cairn');
    expect(screen.getByTestId('core-version').textContent).toBe('Cairn core 9.9.9');
  });

  it('says the wallet is there when it exists', async () => {
    appInfo.mockResolvedValue({ version: '1.0.0', wallet_dir: '/w', wallet_exists: true });
    render(Start);
    expect(await screen.findByText('Your wallet is here')).toBeTruthy();
  });

  it('shows the error in words when the core fails', async () => {
    appInfo.mockRejectedValue(new Error('no home directory'));
    render(Start);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('no home directory');
  });
});
