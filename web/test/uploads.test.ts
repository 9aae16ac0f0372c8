import { describe, expect, it } from 'vitest';
import { fingerprint, hashFile, partRange, refusal } from '../src/uploads';
import type { UploadRules } from '../src/types';

const rules: UploadRules = {
  types: { jpg: { contentType: 'image/jpeg', video: false }, heic: { contentType: 'image/heic', video: false }, mov: { contentType: 'video/quicktime', video: true } },
  maxImageBytes: 200 * 1024 * 1024,
  maxVideoBytes: 4 * 1024 * 1024 * 1024,
  partSize: 8 * 1024 * 1024,
};

describe('refusal', () => {
  it('takes what the list names, in any case', () => {
    expect(refusal(rules, 'IMG_0001.JPG', 3_000_000)).toBeNull();
    expect(refusal(rules, 'photo.heic', 1)).toBeNull();
    expect(refusal(rules, 'clip.MOV', 300 * 1024 * 1024)).toBeNull();
  });
  it('refuses other types, naming what it takes', () => {
    expect(refusal(rules, 'minutes.pdf', 100)).toBe('Not a photo or video the gallery takes (JPG, HEIC, MOV)');
    expect(refusal(rules, 'noextension', 100)).toMatch(/^Not a photo or video/);
    expect(refusal(rules, '.jpg', 100)).toMatch(/^Not a photo or video/);
  });
  it('refuses a photo over the photo limit but not a video of that size', () => {
    expect(refusal(rules, 'big.jpg', 300 * 1024 * 1024)).toBe('Too large: 315 MB; photos may be up to 210 MB');
    expect(refusal(rules, 'empty.jpg', 0)).toBe('The file is empty');
  });
});

describe('parts', () => {
  it('splits a file into part-size ranges, the last one shorter', () => {
    expect(partRange(1, 8, 20)).toEqual([0, 8]);
    expect(partRange(3, 8, 20)).toEqual([16, 20]);
  });
  it('knows a file again by album, name, size and date', () => {
    const f = { name: 'a.jpg', size: 10, lastModified: 5 };
    expect(fingerprint('A', f)).toBe(fingerprint('A', { ...f }));
    expect(fingerprint('A', f)).not.toBe(fingerprint('B', f));
  });
});

describe('hashFile', () => {
  it('is the SHA-256 of the bytes, by either path', async () => {
    // FIPS 180-2's first test vector
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(await hashFile(new Blob(['abc']))).toBe(abc);
    expect(await hashFile(new Blob(['abc']), undefined, 0)).toBe(abc);
  });
  it('reads a file over the one-buffer limit in slices, to the same SHA-256', async () => {
    const bytes = new Uint8Array(9 * 1024 * 1024).map((_, i) => (i * 31) & 0xff);
    const seen: number[] = [];
    const sliced = await hashFile(new Blob([bytes]), (n) => seen.push(n), 1024);
    expect(sliced).toBe(await hashFile(new Blob([bytes])));
    expect(seen).toEqual([4 * 1024 * 1024, 8 * 1024 * 1024, 9 * 1024 * 1024]);
  });
});
