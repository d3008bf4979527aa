/**
 * One shared Intl.Segmenter for Chinese words. It only segments questions
 * (documents are indexed with character n-grams): ICU's dictionary
 * segmentation costs about 1.9 M characters/s on this machine, too slow for
 * indexing thousands of articles within seconds, and it is slower than linear
 * on long strings, so long runs are segmented in pieces.
 */
const zhWordSegmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const MAX_SEGMENT_CHARS = 200;

/** Words of a Han run as ICU segments them (企业微信 → 企业, 微, 信). */
export function segmentHanRun(run: string): string[] {
  const words: string[] = [];
  for (let start = 0; start < run.length; start += MAX_SEGMENT_CHARS) {
    for (const segment of zhWordSegmenter.segment(run.slice(start, start + MAX_SEGMENT_CHARS))) {
      if (segment.isWordLike !== false) words.push(segment.segment);
    }
  }
  return words;
}
