import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  contentSecurityPolicyFor,
  DEV_CONTENT_SECURITY_POLICY,
  isTrustedRendererUrl,
} from './renderer-policy';

const production = { fileUrl: 'file:///opt/xmlpool/out/renderer/index.html', devServerUrl: null };
const development = { ...production, devServerUrl: 'http://localhost:5173/' };

describe('renderer policy', () => {
  it('trusts only our built page, or the dev server while developing', () => {
    expect(isTrustedRendererUrl('file:///opt/xmlpool/out/renderer/index.html', production)).toBe(
      true,
    );
    expect(isTrustedRendererUrl('file:///opt/xmlpool/out/renderer/index.html#/x', production)).toBe(
      true,
    );
    for (const url of [
      'file:///opt/xmlpool/out/renderer/other.html',
      'file:///etc/passwd',
      'http://localhost:5173/',
      'https://example.com/',
      'about:blank',
      'not a url',
    ]) {
      expect(isTrustedRendererUrl(url, production), url).toBe(false);
    }
    expect(isTrustedRendererUrl('http://localhost:5173/index.html', development)).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5174/', development)).toBe(false);
  });

  it('is not fooled by look-alike paths or origins', () => {
    for (const url of [
      'file:///opt/xmlpool/out/renderer/index.html.evil',
      'file:///opt/xmlpool/out/renderer/index.htm',
      'file:///opt/xmlpool/out/renderer/index.html/evil.html',
      'file:///opt/xmlpool/out/renderer%2Findex.html%3F',
      'file://evil-host/opt/xmlpool/out/renderer/index.html',
      'file:///opt/xmlpool/out/renderer/%E0%A4%A.html',
    ]) {
      expect(isTrustedRendererUrl(url, production), url).toBe(false);
    }
    for (const url of [
      'http://localhost:5173.evil.com/',
      'http://localhost:51730/',
      'https://localhost:5173/',
      'http://evil.com/?http://localhost:5173/',
      'http://localhost@evil.com:5173/',
    ]) {
      expect(isTrustedRendererUrl(url, development), url).toBe(false);
    }
  });

  it('matches our page however its path is percent-encoded', () => {
    const spaced = {
      fileUrl: 'file:///opt/my%20app%7Bx%7D/renderer/index.html',
      devServerUrl: null,
    };
    expect(isTrustedRendererUrl('file:///opt/my%20app{x}/renderer/index.html', spaced)).toBe(true);
    expect(isTrustedRendererUrl('file:///opt/my%20app%7bx%7d/renderer/index.html', spaced)).toBe(
      true,
    );
    expect(isTrustedRendererUrl('file:///opt/my%20app/renderer/index.html', spaced)).toBe(false);
  });

  it('sends the same CSP as the meta tag of the renderer page', () => {
    const html = readFileSync('src/renderer/index.html', 'utf8');
    const meta = html.match(/http-equiv="Content-Security-Policy"\s+content="([^"]*)"/);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });

  it('relaxes the policy for the dev server only, and only for inline scripts and styles', () => {
    expect(contentSecurityPolicyFor(production)).toBe(
      `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`,
    );
    expect(contentSecurityPolicyFor(development)).toBe(
      `${DEV_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`,
    );
    const directives = (policy: string) =>
      new Map(policy.split('; ').map((d) => [d.split(' ')[0], d]));
    const strict = directives(CONTENT_SECURITY_POLICY);
    const dev = directives(DEV_CONTENT_SECURITY_POLICY);
    expect([...dev.keys()]).toEqual([...strict.keys()]);
    for (const [name, directive] of dev) {
      const relaxed = name === 'script-src' || name === 'style-src';
      expect(directive, name).toBe(
        relaxed ? `${strict.get(name)} 'unsafe-inline'` : strict.get(name),
      );
    }
  });
});
