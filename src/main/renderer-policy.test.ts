import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, isTrustedRendererUrl } from './renderer-policy';

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

  it('sends the same CSP as the meta tag of the renderer page', () => {
    const html = readFileSync('src/renderer/index.html', 'utf8');
    const meta = html.match(/http-equiv="Content-Security-Policy"\s+content="([^"]*)"/);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });
});
