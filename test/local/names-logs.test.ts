// Issue 18: container ids and unit names are checked before anything is sent or run (a leading `-` never passes:
// the original passed such values to the docker CLI and systemctl, which read them as options), and container logs
// are demultiplexed from Docker's frames into marked, bounded lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerRefProblem, unitName } from '../../src/local/names.js';
import { LogCollector, StdcopyDemuxer, type LogStream } from '../../src/local/docker-logs.js';

test('container ids and names: Docker’s patterns; no leading -, no path, query or control characters, no dot segments', () => {
  for (const ok of ['web-frontend', 'web_frontend.1', 'a', '3ba05910c8a6', '3ba05910c8a6'.repeat(5).slice(0, 64), 'My.App-2'])
    assert.equal(containerRefProblem(ok), undefined, ok);
  for (const bad of [
    '-f',
    '--all',
    '-',
    '_web',
    '.web',
    'web..',
    'web.',
    '..',
    '/web',
    'web/logs',
    'web?x=1',
    'web#x',
    'web%2F',
    'web name',
    'web\n',
    'wéb',
    '',
    'x'.repeat(129),
  ])
    assert.match(containerRefProblem(bad) ?? 'accepted', /is not a container id or name: Docker names are/, JSON.stringify(bad));
});

test('unit names: systemd’s characters, a type added when missing (as systemctl does), no leading -, no escapes', () => {
  assert.deepEqual(unitName('nginx'), { unit: 'nginx.service' });
  assert.deepEqual(unitName('docker.service'), { unit: 'docker.service' });
  assert.deepEqual(unitName('docker.socket'), { unit: 'docker.socket' });
  assert.deepEqual(unitName('php8.2-fpm'), { unit: 'php8.2-fpm.service' }, 'a dot that is no type');
  assert.deepEqual(unitName('getty@tty1.service'), { unit: 'getty@tty1.service' });
  assert.deepEqual(unitName('systemd-fsck@dev-disk-by:uuid.service'), { unit: 'systemd-fsck@dev-disk-by:uuid.service' });
  for (const bad of [
    '-.mount',
    '--user',
    '-H',
    'nginx..',
    'nginx.',
    'a@b@c',
    'dev-disk-by\\x2duuid.device',
    'ng inx',
    'nginx;reboot',
    '',
    'x'.repeat(250),
  ]) {
    const result = unitName(bad);
    assert.ok('problem' in result, `${JSON.stringify(bad)} accepted`);
    assert.match(result.problem, /is not a systemd unit name|too long/);
  }
});

/** A stdcopy frame as the engine writes it. */
function frame(type: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

test('the stdcopy demuxer follows frames across any chunk boundary, and refuses a body that is not frames', () => {
  const body = Buffer.concat([
    frame(1, 'out one\n'),
    frame(2, 'err one\n'),
    frame(1, 'out '),
    frame(2, 'err two\n'),
    frame(1, 'two\n'),
    frame(3, 'engine\n'),
  ]);
  for (const size of [1, 3, 7, 8, 9, body.length]) {
    const collector = new LogCollector({ lines: 100, lineChars: 100, totalChars: 10_000 });
    const demuxer = new StdcopyDemuxer((stream, chunk) => collector.push(stream, chunk));
    for (let i = 0; i < body.length; i += size) demuxer.write(body.subarray(i, i + size));
    assert.ok(demuxer.complete);
    assert.deepEqual(
      collector.finish().lines,
      [
        { stream: 'stdout', text: 'out one' },
        { stream: 'stderr', text: 'err one' },
        { stream: 'stderr', text: 'err two' },
        { stream: 'stdout', text: 'out two' },
        { stream: 'stderr', text: 'engine' },
      ],
      `chunks of ${size}`,
    );
  }
  const demuxer = new StdcopyDemuxer(() => {});
  assert.throws(() => demuxer.write(Buffer.from('plain text, not frames\n')), /not a multiplexed log stream/);
});

test('the collector keeps the most recent lines, cuts long lines and the total, strips terminal escapes and CR', () => {
  const collector = new LogCollector({ lines: 3, lineChars: 10, totalChars: 50 });
  const push = (stream: LogStream, text: string) => collector.push(stream, Buffer.from(text));
  push('stdout', 'first\nsecond\n');
  push('stderr', '\u001b[31mred\u001b[0m alert\r\n');
  push('stdout', `${'x'.repeat(5000)}\n`);
  push('stdout', 'last, no newline');
  const { lines, longLines, droppedLines } = collector.finish();
  // Five lines written, three kept (the most recent); of those, the total keeps what fits in 50 characters.
  assert.deepEqual(lines, [
    { stream: 'stdout', text: `${'x'.repeat(10)} …[line cut]` },
    { stream: 'stdout', text: 'last, no n …[line cut]' },
  ]);
  assert.equal(longLines, 2);
  assert.equal(droppedLines, 1, 'the red alert line was the oldest kept, and dropped for the total');
  const escapes = new LogCollector({ lines: 5, lineChars: 100, totalChars: 1000 });
  escapes.push('tty', Buffer.from('\u001b[1;32mok\u001b[0m\u0007 done\r\n\n'));
  assert.deepEqual(escapes.finish().lines, [
    { stream: 'tty', text: 'ok done' },
    { stream: 'tty', text: '' },
  ]);
});
