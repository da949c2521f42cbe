import type { Quirk } from '../../../shared/contract';

export interface QuirkRecord extends Quirk {
  count: number;
  firstSeen: string;
  lastSeen: string;
}

/**
 * Every deviation from the RFC seen per connection, with the exchange that first showed it, so the
 * UI can badge a connection ("this server returns `resources` in lowercase") and link to the proof.
 */
export class QuirkRegistry {
  private readonly byConnection = new Map<string, Map<string, QuirkRecord>>();
  constructor(private readonly onNew: (connectionId: string, quirk: Quirk) => void = () => undefined) {}

  record(connectionId: string, quirks: readonly Quirk[], exchangeId?: string): Quirk[] {
    if (quirks.length === 0) return [];
    let known = this.byConnection.get(connectionId);
    if (!known) this.byConnection.set(connectionId, (known = new Map()));
    const now = new Date().toISOString();
    const stamped: Quirk[] = [];
    for (const quirk of quirks) {
      const withExchange = { ...quirk, exchangeId: quirk.exchangeId ?? exchangeId };
      stamped.push(withExchange);
      const existing = known.get(quirk.code);
      if (existing) {
        existing.count++;
        existing.lastSeen = now;
        continue;
      }
      known.set(quirk.code, { ...withExchange, count: 1, firstSeen: now, lastSeen: now });
      this.onNew(connectionId, withExchange);
    }
    return stamped;
  }

  list(connectionId: string): QuirkRecord[] {
    return [...(this.byConnection.get(connectionId)?.values() ?? [])].map((q) => ({ ...q }));
  }

  forget(connectionId: string): void {
    this.byConnection.delete(connectionId);
  }
}
