/** What the send job makes of each operation's status in a /Bulk response, including the ones it leaves out. */
import { afterEach, describe, expect, it } from 'vitest';
import { changeRecord, sendHarness, type Resource, type SendHarness } from './send-test-helpers';

let h: SendHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const idOf = (r: Resource) => String(r.id);

describe('bulk send job: /Bulk responses', () => {
  it("fails an operation with the server's error, and one the response leaves out once a read shows it was not applied", async () => {
    h = await sendHarness('rfc');
    const [a, b] = await h.users(2);
    h.proxy.intercept = (req) =>
      req.method === 'POST' && req.url.endsWith('/Bulk')
        ? {
            status: 200,
            body: {
              schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkResponse'],
              Operations: [{ method: 'PATCH', status: '400', response: { status: '400', scimType: 'invalidValue', detail: 'Bad title' } }],
            },
          }
        : undefined;

    const view = await h.send(await h.plan([changeRecord(0, a!, { title: 'Refused' }), changeRecord(1, b!, { title: 'Left out' })]));

    expect(view.result?.summary).toBe('0 done, 2 failed');
    const { items } = await h.results.page(view.id, { offset: 0, limit: 10 });
    expect(items.map((i) => [i.id, i.outcome, i.error])).toEqual([
      [idOf(a!), 'failed', `PATCH /Users/${idOf(a!)} in the Bulk request answered 400: Bad title (invalidValue).`],
      [idOf(b!), 'failed', 'The server’s Bulk response did not report on this operation, and it was not applied.'],
    ]);
    expect(h.proxy.count('GET', `/Users/${idOf(b!)}`)).toBe(1);
  });
});
