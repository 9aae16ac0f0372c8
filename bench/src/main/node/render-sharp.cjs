'use strict';
// The sharp side of the renderer bench: the same preset, rendered the way a sharp user would
// (one pipeline per size with rotate() and resize fit inside, all sizes awaited together), timed
// inside node so process start-up is not counted. Prints one "BENCH-RESULT {json}" line in the
// shape of gallery.bench.Measurement.
//
// usage: node render-sharp.cjs SHARP_DIR PRESET FORMAT QUALITY SIZES PHOTO WARMUP RUNS
//   SIZES is comma-separated longest edges, FORMAT is webp or jpeg.
const fs = require('fs');
const path = require('path');

const [sharpDir, preset, format, qualityArg, sizesArg, photo, warmupArg, runsArg] = process.argv.slice(2);
if (runsArg === undefined) {
  console.error('usage: node render-sharp.cjs SHARP_DIR PRESET FORMAT QUALITY SIZES PHOTO WARMUP RUNS');
  process.exit(2);
}
if (format !== 'webp' && format !== 'jpeg') {
  console.error(`format '${format}' is not supported: expected webp or jpeg`);
  process.exit(2);
}
const quality = Number(qualityArg);
const sizes = sizesArg.split(',').map(Number);
const warmup = Number(warmupArg);
const runs = Number(runsArg);

const sharp = require(sharpDir);
// libvips' operation cache would hand later runs the decoded original of the first one for free;
// our renderer runs with the cache off, so sharp does too.
sharp.cache(false);

function renderAll(input) {
  return Promise.all(sizes.map(async (size) => {
    const { data, info } = await sharp(input)
      .rotate()
      .resize(size, size, { fit: 'inside', withoutEnlargement: true })[format]({ quality })
      .toBuffer({ resolveWithObject: true });
    return { size, width: info.width, height: info.height, bytes: data.length };
  }));
}

function cpuNanos() {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
}

async function main() {
  const result = {
    engine: 'sharp', preset, photo: path.basename(photo), wallNanos: [], cpuNanos: [], peakRssKiB: -1,
    renditions: [],
    runtime: `sharp: node ${process.version}, sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}, `
      + `sharp.concurrency ${sharp.concurrency()}, UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE || 4}`,
  };
  try {
    const input = fs.readFileSync(photo);
    for (let i = 0; i < warmup; i++) await renderAll(input);
    for (let i = 0; i < runs; i++) {
      const cpu0 = cpuNanos();
      const t0 = process.hrtime.bigint();
      result.renditions = await renderAll(input);
      result.wallNanos.push(Number(process.hrtime.bigint() - t0));
      result.cpuNanos.push(cpuNanos() - cpu0);
    }
  } catch (e) {
    result.error = String(e && e.message ? e.message : e);
  }
  result.peakRssKiB = process.resourceUsage().maxRSS;
  console.log('BENCH-RESULT ' + JSON.stringify(result));
  process.exitCode = result.error ? 1 : 0;
}

main();
