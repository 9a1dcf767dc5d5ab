/**
 * One upload request, sent with XMLHttpRequest rather than fetch: fetch cannot tell how much of
 * a request body has gone out, and a 399 MB file showed "0 B" until its very end. The browser
 * still streams the File or Blob body from disk.
 */

export interface UploadAnswer {
  ok: boolean;
  status: number;
  statusText: string;
  text: string;
}

export interface UploadRequestInit {
  method: 'PUT' | 'POST';
  url: string;
  contentType: string;
  body: Blob;
  signal: AbortSignal;
  /** Called as the body goes out, with the bytes sent so far. */
  onSent(bytes: number): void;
}

export function sendUpload(init: UploadRequestInit): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    init.signal.throwIfAborted();
    const request = new XMLHttpRequest();
    request.open(init.method, init.url);
    request.withCredentials = true;
    request.setRequestHeader('Content-Type', init.contentType);
    request.upload.addEventListener('progress', (event) => init.onSent(event.loaded));
    request.addEventListener('load', () => {
      init.signal.removeEventListener('abort', abort);
      resolve({
        ok: request.status >= 200 && request.status < 300,
        status: request.status,
        statusText: request.statusText,
        text: request.responseText,
      });
    });
    const fail = (message: string) => () => {
      init.signal.removeEventListener('abort', abort);
      reject(init.signal.aborted ? init.signal.reason : new TypeError(message));
    };
    request.addEventListener('error', fail('the upload failed: the server could not be reached'));
    request.addEventListener('abort', fail('the upload was stopped'));
    const abort = (): void => request.abort();
    init.signal.addEventListener('abort', abort, { once: true });
    request.send(init.body);
  });
}
