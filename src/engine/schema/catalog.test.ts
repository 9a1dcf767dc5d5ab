/** OASIS XML catalog resolution, on catalog files in a temp folder. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirForTests } from '../split/split-test-support';
import { CatalogError, Catalogs } from './catalog';

const temp = tempDirForTests();
const NS = 'xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog"';

describe('Catalogs', () => {
  it('resolves system ids before public ids, longest rewrite and suffix first, relative to the catalog', async () => {
    const main = await temp.write(
      'a/catalog.xml',
      `<catalog ${NS}>
  <system systemId="http://x.org/a.dtd" uri="local/a.dtd"/>
  <public publicId="-//X//DTD  A//EN" uri="local/public-a.dtd"/>
  <rewriteSystem systemIdStartString="http://x.org/" rewritePrefix="mirror/"/>
  <rewriteSystem systemIdStartString="http://x.org/deep/" rewritePrefix="deep/"/>
  <systemSuffix systemIdSuffix="/b.dtd" uri="b/b.dtd"/>
  <uri name="urn:schema:c" uri="schemas/c.xsd"/>
  <uriSuffix uriSuffix="/d.xsd" uri="schemas/d.xsd"/>
  <group prefer="system" xml:base="sys/">
    <public publicId="-//X//DTD E//EN" uri="e.dtd"/>
  </group>
</catalog>`,
    );
    const catalogs = new Catalogs([main.path]);
    const at = (rel: string) => join(temp.path, 'a', rel);
    expect(catalogs.resolveExternal(null, 'http://x.org/a.dtd')).toBe(at('local/a.dtd'));
    // Public ids compare with white space collapsed.
    expect(catalogs.resolveExternal('-//X//DTD A//EN', null)).toBe(at('local/public-a.dtd'));
    expect(catalogs.resolveExternal('-//X//DTD A//EN', 'http://x.org/a.dtd')).toBe(
      at('local/a.dtd'),
    );
    expect(catalogs.resolveExternal(null, 'http://x.org/deep/z.dtd')).toBe(at('deep/z.dtd'));
    expect(catalogs.resolveExternal(null, 'http://x.org/y/z.dtd')).toBe(at('mirror/y/z.dtd'));
    expect(catalogs.resolveExternal(null, 'http://elsewhere/b.dtd')).toBe(at('b/b.dtd'));
    expect(catalogs.resolveUri('urn:schema:c')).toBe(at('schemas/c.xsd'));
    expect(catalogs.resolveUri('https://s.org/v1/d.xsd')).toBe(at('schemas/d.xsd'));
    // prefer="system": a public entry is not used when the document gives a system id.
    expect(catalogs.resolveExternal('-//X//DTD E//EN', null)).toBe(at('sys/e.dtd'));
    expect(catalogs.resolveExternal('-//X//DTD E//EN', 'http://nowhere/e.dtd')).toBeNull();
    expect(catalogs.resolveUri('urn:unknown')).toBeNull();
  });

  it('follows nextCatalog and delegate entries, and stops at a loop', async () => {
    const first = await temp.write(
      'b/first.xml',
      `<catalog ${NS}><nextCatalog catalog="second.xml"/><delegateSystem systemIdStartString="http://del.org/" catalog="delegated.xml"/></catalog>`,
    );
    await temp.write(
      'b/second.xml',
      `<catalog ${NS}><uri name="urn:n" uri="n.xsd"/><nextCatalog catalog="first.xml"/></catalog>`,
    );
    await temp.write(
      'b/delegated.xml',
      `<catalog ${NS}><system systemId="http://del.org/x.dtd" uri="x.dtd"/></catalog>`,
    );
    const catalogs = new Catalogs([first.path]);
    expect(catalogs.resolveUri('urn:n')).toBe(join(temp.path, 'b/n.xsd'));
    expect(catalogs.resolveExternal(null, 'http://del.org/x.dtd')).toBe(join(temp.path, 'b/x.dtd'));
    // Delegated ids are answered by the delegate only.
    expect(catalogs.resolveExternal(null, 'http://del.org/other.dtd')).toBeNull();
    expect(catalogs.resolveUri('urn:missing')).toBeNull();
  });

  it('skips a chained catalog that cannot be loaded, as if empty, and says which', async () => {
    const first = await temp.write(
      'skip/first.xml',
      `<catalog ${NS}><nextCatalog catalog="missing-cat.xml"/><nextCatalog catalog="broken.xml"/>` +
        `<delegateURI uriStartString="urn:d:" catalog="not-a-catalog.xml"/><nextCatalog catalog="good.xml"/></catalog>`,
    );
    await temp.write('skip/broken.xml', `<catalog ${NS}><uri`);
    await temp.write('skip/not-a-catalog.xml', '<catalog/>');
    await temp.write('skip/good.xml', `<catalog ${NS}><uri name="urn:n" uri="n.xsd"/></catalog>`);
    const catalogs = new Catalogs([first.path]);
    const at = (rel: string) => join(temp.path, 'skip', rel);
    expect(catalogs.resolveUri('http://127.0.0.1:8765/x.xsd')).toBeNull();
    expect(catalogs.resolveUri('urn:d:x')).toBeNull();
    expect(catalogs.resolveUri('urn:n')).toBe(at('n.xsd'));
    expect(catalogs.skipped).toEqual([
      {
        path: at('missing-cat.xml'),
        namedBy: first.path,
        reason: `cannot read the catalog ${at('missing-cat.xml')}: no such file`,
      },
      {
        path: at('broken.xml'),
        namedBy: first.path,
        reason: expect.stringMatching(/broken\.xml is not well-formed at line 1/),
      },
      {
        path: at('not-a-catalog.xml'),
        namedBy: first.path,
        reason: expect.stringContaining('not-a-catalog.xml is not an OASIS XML catalog'),
      },
    ]);
  });

  it('refuses a file that is not a catalog, or not well-formed, naming it', async () => {
    const other = await temp.write('c/other.xml', '<catalog/>');
    expect(() => new Catalogs([other.path])).toThrow(CatalogError);
    expect(() => new Catalogs([other.path])).toThrow('is not an OASIS XML catalog');
    const broken = await temp.write('c/broken.xml', `<catalog ${NS}><system</catalog>`);
    expect(() => new Catalogs([broken.path])).toThrow(/broken\.xml is not well-formed at line 1/);
    expect(() => new Catalogs([join(temp.path, 'c/missing.xml')])).toThrow(
      'cannot read the catalog',
    );
  });
});
