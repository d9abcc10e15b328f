/**
 * Progress for long work: on a terminal one line rewritten in place ("analysing 12/48 records: 205"),
 * in a pipe or a log nothing at all, so scripts and CI logs stay clean. Written to stderr, so stdout
 * keeps only the result.
 */
export interface Progress {
  update(done: number, note?: string): void;
  done(message?: string): void;
}

export function progress(label: string, total: number | null, stream: NodeJS.WriteStream = process.stderr): Progress {
  const live = stream.isTTY === true && !process.env.CI;
  let last = 0;
  const draw = (text: string): void => {
    stream.write(`\r\x1b[2K${text}`);
  };
  return {
    update(done, note) {
      if (!live) return;
      const now = Date.now();
      if (now - last < 100 && done !== total) return; // at most ten redraws a second
      last = now;
      const of = total === null ? `${done}` : `${done}/${total}${total > 0 ? ` (${Math.floor((100 * done) / total)}%)` : ''}`;
      draw(`${label}: ${of}${note ? ` ${note}` : ''}`);
    },
    done(message) {
      if (!live) return;
      draw(message ? `${message}\n` : '');
    },
  };
}
