import { describe, expect, it } from 'vitest';
import { compileFilter, FilterEvaluationError, matchesFilter, parseFilter, type AttributeLookup } from './index';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const bjensen = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
  id: '2819c223-7f76-453a-919d-413861904646',
  userName: 'bjensen',
  name: { familyName: "O'Malley", givenName: 'Barbara' },
  title: 'Tour Guide',
  userType: 'Employee',
  active: true,
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  ims: [{ value: 'someaimhandle', type: 'aim' }],
  meta: { lastModified: '2011-05-13T04:42:34Z', resourceType: 'User' },
  [ENTERPRISE]: { department: 'Tour Operations', manager: { value: '26118915', displayName: 'John Smith' } },
};

const matches = (filter: string, resource: Record<string, unknown> = bjensen, lookup?: AttributeLookup) => matchesFilter(resource, parseFilter(filter), lookup);

describe('matchesFilter: RFC 7644 §3.4.2.2 examples against a sample user', () => {
  it.each<[string, boolean]>([
    ['userName eq "bjensen"', true],
    ['userName eq "jsmith"', false],
    ['name.familyName co "O\'Malley"', true],
    ['userName sw "J"', false],
    ['userName sw "B"', true],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName sw "bj"', true],
    ['title pr', true],
    ['nickName pr', false],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', false],
    ['meta.lastModified ge "2011-05-13T04:42:34Z"', true],
    ['meta.lastModified lt "2011-05-13T04:42:35Z"', true],
    ['meta.lastModified le "2011-05-13T04:42:33Z"', false],
    ['title pr and userType eq "Employee"', true],
    ['title pr or userType eq "Intern"', true],
    [`schemas eq "${ENTERPRISE}"`, true],
    ['userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")', true],
    ['userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")', false],
    ['userType eq "Employee" and (emails.type eq "work")', true],
    ['userType eq "Employee" and emails[type eq "work" and value co "@example.com"]', true],
    ['emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]', true],
    ['emails[type eq "home" and value co "@example.com"]', false],
  ])('%s -> %s', (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });
});

describe('matchesFilter: names and URNs', () => {
  it('resolves attribute names ignoring case', () => {
    expect(matches('username eq "bjensen"')).toBe(true);
    expect(matches('NAME.FAMILYNAME eq "o\'malley"')).toBe(true);
    expect(matches('EMAILS[TYPE eq "work"]')).toBe(true);
  });

  it('reads extension attributes under their URN key, ignoring the URN case', () => {
    expect(matches(`${ENTERPRISE}:department eq "Tour Operations"`)).toBe(true);
    expect(matches(`${ENTERPRISE.toUpperCase()}:Department eq "tour operations"`)).toBe(true);
    expect(matches(`${ENTERPRISE}:manager.value eq "26118915"`)).toBe(true);
    expect(matches(`${ENTERPRISE}:manager.displayName sw "John"`)).toBe(true);
  });

  it('does not find an extension attribute at the top level or a core attribute inside an extension', () => {
    expect(matches('department pr')).toBe(false);
    expect(matches(`${ENTERPRISE}:userName pr`)).toBe(false);
    expect(matches(`${ENTERPRISE}:department pr`, { userName: 'x' })).toBe(false);
  });

  it('treats core schema URNs, for Users and Groups, as the top level', () => {
    expect(matches('URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:userName eq "bjensen"')).toBe(true);
    expect(matches('urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq "Admins"', { displayName: 'Admins' })).toBe(true);
  });
});

describe('matchesFilter: operators and types', () => {
  it('compares strings ignoring case by default', () => {
    expect(matches('userName eq "BJENSEN"')).toBe(true);
    expect(matches('title co "GUIDE"')).toBe(true);
    expect(matches('title ew "guide"')).toBe(true);
    expect(matches('title sw "tour"')).toBe(true);
  });

  it('respects caseExact from the lookup, including sub-attributes inside a value filter', () => {
    const lookup: AttributeLookup = (path, parent) => {
      if (path.name === 'id') return { type: 'string', caseExact: true };
      if (parent?.name === 'emails' && path.name === 'value') return { type: 'string', caseExact: true };
      return undefined;
    };
    const resource = { id: 'AbC', emails: [{ value: 'A@x.org', type: 'work' }] };
    expect(matches('id eq "abc"', resource, lookup)).toBe(false);
    expect(matches('id eq "AbC"', resource, lookup)).toBe(true);
    expect(matches('emails[value eq "a@x.org"]', resource, lookup)).toBe(false);
    expect(matches('emails[value eq "A@x.org"]', resource, lookup)).toBe(true);
    expect(matches('emails[type eq "WORK"]', resource, lookup)).toBe(true);
  });

  it('passes the complex attribute as parent to the lookup inside a value filter', () => {
    const calls: unknown[] = [];
    const lookup: AttributeLookup = (path, parent) => {
      calls.push(parent === undefined ? [path] : [path, parent]);
      return undefined;
    };
    compileFilter(parseFilter('emails[type eq "work"] and userName eq "x"'), lookup);
    expect(calls).toEqual([[{ name: 'type' }, { name: 'emails' }], [{ name: 'userName' }]]);
  });

  it('orders strings lexicographically with case folding', () => {
    expect(matches('userName gt "B"')).toBe(true);
    expect(matches('userName lt "c"')).toBe(true);
    expect(matches('userName ge "bjensen"')).toBe(true);
    expect(matches('userName le "BJENSEM"')).toBe(false);
  });

  it('compares dateTimes as instants, whatever their notation', () => {
    const resource = { meta: { lastModified: '2011-05-13T04:42:34.000Z' } };
    expect(matches('meta.lastModified eq "2011-05-13T04:42:34Z"', resource)).toBe(true);
    expect(matches('meta.lastModified gt "2011-05-13T06:00:00+02:00"', resource)).toBe(true);
    expect(matches('meta.lastModified lt "2011-05-14"', resource)).toBe(true);
    // Same layout, different zones: text order would say the opposite.
    const offset = { meta: { lastModified: '2011-05-13T05:00:00+00:00' } };
    expect(matches('meta.lastModified gt "2011-05-13T06:00:00+02:00"', offset)).toBe(true);
    expect(matches('meta.lastModified lt "2011-05-13T06:00:00+02:00"', offset)).toBe(false);
    const dateTime: AttributeLookup = () => ({ type: 'dateTime' });
    expect(matches('meta.lastModified ge "2011-05-13T04:42:34Z"', resource, dateTime)).toBe(true);
  });

  it('compares numbers numerically', () => {
    const resource = { age: 9, score: 2.5, code: '10' };
    expect(matches('age lt 10', resource)).toBe(true);
    expect(matches('age gt 10', resource)).toBe(false);
    expect(matches('age eq 9', resource)).toBe(true);
    expect(matches('score ge 2.5', resource)).toBe(true);
    expect(matches('score gt -1e3', resource)).toBe(true);
    expect(matches('code gt 9', resource)).toBe(true);
  });

  it('compares numeric strings numerically when the schema says integer', () => {
    const integer: AttributeLookup = () => ({ type: 'integer' });
    expect(matches('code gt "9"', { code: '10' })).toBe(false); // "10" < "9" as text
    expect(matches('code gt "9"', { code: '10' }, integer)).toBe(true);
  });

  it('compares integer ids from weird servers by their string form', () => {
    const resource = { id: 42, members: [{ value: 7 }, { value: 8 }] };
    expect(matches('id eq "42"', resource)).toBe(true);
    expect(matches('id ne "42"', resource)).toBe(false);
    expect(matches('id eq "042"', resource)).toBe(false);
    expect(matches('members[value eq "8"]', resource)).toBe(true);
    expect(matches('members.value eq "7"', resource)).toBe(true);
    expect(matches('id gt "41"', resource)).toBe(true);
  });

  it('supports only eq and ne on booleans, accepting Entra string booleans', () => {
    expect(matches('active eq true')).toBe(true);
    expect(matches('active eq false')).toBe(false);
    expect(matches('active ne false')).toBe(true);
    expect(() => matches('active gt false')).toThrow(FilterEvaluationError);
    expect(matches('active eq true', { active: 'True' })).toBe(true);
    expect(matches('emails[primary eq true]')).toBe(true);
    expect(matches('emails[primary eq true and type eq "home"]')).toBe(false);
  });

  describe('refuses gt, ge, lt and le on booleans with invalidFilter (RFC 7644 §3.4.2.2)', () => {
    const booleanSchema: AttributeLookup = (path, parent) =>
      path.name === 'active' || (parent?.name === 'emails' && path.name === 'primary') ? { type: 'boolean' } : undefined;
    const refusal = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error;
      }
      throw new Error('expected the filter to be refused');
    };

    it.each(['gt', 'ge', 'lt', 'le'])('%s against a boolean literal, whatever the data', (op) => {
      const error = refusal(() => compileFilter(parseFilter(`title ${op} true`)));
      expect(error).toBeInstanceOf(FilterEvaluationError);
      expect(error).toMatchObject({ scimType: 'invalidFilter', message: expect.stringContaining('"title"') });
    });

    it('when the schema says boolean (or binary), before any resource is read', () => {
      expect(() => compileFilter(parseFilter('active gt "a"'), booleanSchema)).toThrow(/"active" is a boolean attribute: gt/);
      expect(() => compileFilter(parseFilter('emails[primary lt "x"]'), booleanSchema)).toThrow(/"emails\[primary\]"/);
      const binary: AttributeLookup = () => ({ type: 'binary' });
      expect(() => compileFilter(parseFilter('x509Certificates.value ge "MII"'), binary)).toThrow(FilterEvaluationError);
      expect(matches('active eq true', bjensen, booleanSchema)).toBe(true); // eq and ne stay fine
    });

    it('without a schema, when a value met is a boolean', () => {
      const predicate = compileFilter(parseFilter('flag le "m"'));
      expect(predicate({ flag: 'a' })).toBe(true);
      expect(predicate({})).toBe(false);
      expect(() => predicate({ flag: true })).toThrow(/"flag" holds a boolean: le/);
      expect(() => matches('emails.primary ge "a"')).toThrow(FilterEvaluationError);
    });

    it('but not when the schema says the attribute is a string', () => {
      const string: AttributeLookup = () => ({ type: 'string' });
      expect(matches('flag gt "a"', { flag: true }, string)).toBe(false);
    });
  });

  it('handles null: eq null when absent, ne null when present', () => {
    expect(matches('nickName eq null')).toBe(true);
    expect(matches('nickName ne null')).toBe(false);
    expect(matches('title eq null')).toBe(false);
    expect(matches('title ne null')).toBe(true);
    expect(matches('title eq null', { title: null })).toBe(true);
    expect(matches('title gt null')).toBe(false);
  });

  it('treats ne on an absent attribute as true, and on a multi-valued one as "some value differs"', () => {
    expect(matches('nickName ne "x"')).toBe(true);
    expect(matches('emails.type ne "work"')).toBe(true);
    expect(matches('ims.type ne "aim"')).toBe(false);
  });

  it('does not compare a complex attribute as a whole', () => {
    expect(matches('name eq "Barbara"')).toBe(false);
    expect(matches('name co "a"')).toBe(false);
  });
});

describe('matchesFilter: presence', () => {
  it.each<[unknown, boolean]>([
    ['x', true],
    ['', false],
    [null, false],
    [undefined, false],
    [[], false],
    [[null, ''], false],
    [['a'], true],
    [{}, false],
    [{ a: null }, false],
    [{ a: 'b' }, true],
    [0, true],
    [false, true],
  ])('pr of %j is %s', (value, expected) => {
    expect(matches('x pr', { x: value })).toBe(expected);
  });

  it('checks a sub-attribute across the elements of a multi-valued attribute', () => {
    expect(matches('emails.primary pr')).toBe(true);
    expect(matches('emails.display pr')).toBe(false);
    expect(matches('name.middleName pr')).toBe(false);
  });
});

describe('matchesFilter: multi-valued attributes', () => {
  it('matches when any value matches', () => {
    expect(matches('emails.value eq "babs@jensen.org"')).toBe(true);
    expect(matches('emails.type eq "other"')).toBe(false);
  });

  it('compares each element\'s "value" when a complex multi-valued attribute has no sub-attribute', () => {
    expect(matches('emails eq "babs@jensen.org"')).toBe(true);
    expect(matches('emails co "jensen"')).toBe(true);
    expect(matches('emails eq "work"')).toBe(false);
  });

  it('treats primitive multi-valued attributes element by element, also in value filters', () => {
    const resource = { tags: ['red', 'green'] };
    expect(matches('tags eq "GREEN"', resource)).toBe(true);
    expect(matches('tags[value eq "red"]', resource)).toBe(true);
    expect(matches('tags[value eq "blue"]', resource)).toBe(false);
  });

  it('requires all conditions in a value filter to hold for the same element', () => {
    expect(matches('emails[type eq "home" and value co "example.com"]')).toBe(false);
    expect(matches('emails.type eq "home" and emails.value co "example.com"')).toBe(true);
  });

  it('applies a value filter to a single-valued complex attribute', () => {
    expect(matches('name[givenName eq "barbara"]')).toBe(true);
    expect(matches(`${ENTERPRISE}:manager[displayName co "smith"]`)).toBe(true);
  });

  it('tolerates junk where objects are expected', () => {
    const resource = { emails: ['plain', null, 5, [1], { value: { nested: true } }], name: 'flat' };
    expect(matches('emails.type eq "work"', resource)).toBe(false);
    expect(matches('name.givenName pr', resource)).toBe(false);
    expect(matches('emails eq "plain"', resource)).toBe(true);
    expect(matches('emails eq 5', resource)).toBe(true);
  });
});

describe('compileFilter', () => {
  it('returns a reusable predicate', () => {
    const isEmployee = compileFilter(parseFilter('userType eq "Employee"'));
    expect([{ userType: 'Employee' }, { usertype: 'employee' }, { userType: 'Intern' }, {}].map(isEmployee)).toEqual([true, true, false, false]);
  });

  it('evaluates a precompiled filter over 100,000 resources quickly', () => {
    const resources = Array.from({ length: 100_000 }, (_, index) => ({
      id: String(index),
      userName: `user${index}`,
      active: index % 2 === 0,
      name: { givenName: `Given${index}`, familyName: index % 7 === 0 ? 'Smith' : 'Jones' },
      emails: [
        { value: `user${index}@example.com`, type: 'work', primary: true },
        { value: `user${index}@home.org`, type: 'home' },
      ],
      meta: { lastModified: `2020-01-${String((index % 28) + 1).padStart(2, '0')}T00:00:00Z` },
    }));
    const predicate = compileFilter(
      parseFilter(
        'active eq true and (name.familyName eq "smith" or emails[type eq "home" and value ew "99@home.org"]) and meta.lastModified ge "2020-01-10T00:00:00Z"',
      ),
    );
    const started = performance.now();
    const count = resources.filter(predicate).length;
    const elapsed = performance.now() - started;
    expect(count).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(500);
  });
});
