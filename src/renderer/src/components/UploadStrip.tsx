import type { UploadActivity } from '../api/upload-activity';
import { formatBytes, formatCount, fraction } from '../format';
import { useStore } from '../state/use-store';
import { ProgressBar } from './ProgressBar';

interface UploadStripProps {
  uploads: UploadActivity;
}

/**
 * Browser mode uploads what is added before listing it: this strip shows how far that is and
 * lets the user stop it. Its text is not a live region: counts change many times a second.
 */
export function UploadStrip({ uploads }: UploadStripProps) {
  const progress = useStore(uploads.progress);
  if (progress === null) return null;
  const { filesDone, filesTotal, bytesDone, bytesTotal } = progress;
  const done = bytesTotal > 0 ? fraction(bytesDone, bytesTotal) : fraction(filesDone, filesTotal);
  return (
    <div className="upload-strip" data-testid="upload-progress">
      <span className="numeric">
        Uploading {formatCount(filesDone)} / {formatCount(filesTotal)}{' '}
        {filesTotal === 1 ? 'file' : 'files'} · {formatBytes(bytesDone)} / {formatBytes(bytesTotal)}
      </span>
      <div className="upload-strip-row">
        <ProgressBar value={done} label="Upload progress" />
        <button type="button" onClick={() => uploads.cancel()}>
          Cancel adding
        </button>
      </div>
    </div>
  );
}
