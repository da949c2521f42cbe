import { describe, expect, it } from 'vitest';
import * as contract from '../../shared/contract';
import { CHANNEL_NAMES, EVENT_NAMES, ipcChannelName, ipcEventChannel } from './contract-names';

describe('contract names used by the preload', () => {
  it('list exactly the contract’s channels and events', () => {
    expect([...CHANNEL_NAMES].sort()).toEqual([...contract.channels].sort());
    expect([...EVENT_NAMES].sort()).toEqual([...contract.eventNames].sort());
  });

  it('derive the same IPC channel names as the contract', () => {
    for (const channel of contract.channels) expect(ipcChannelName(channel)).toBe(contract.ipcChannelName(channel));
    expect(ipcEventChannel).toBe(contract.ipcEventChannel);
  });
});
