/** Replaced at build time from package.json by every bundle (see the `define` in the vite configs). */
declare const __XMLPOOL_VERSION__: string;
export const VERSION: string =
  typeof __XMLPOOL_VERSION__ === 'string' ? __XMLPOOL_VERSION__ : '0.0.0-dev';
