/**
 * Short stop-word lists. They only remove words that carry no topic; question
 * words matter to users but not to matching ("how", "怎么").
 */
export const EN_STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'and', 'or', 'but', 'if', 'of', 'to', 'in', 'on', 'at', 'by', 'for', 'from',
  'with', 'into', 'onto', 'about', 'as', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'am',
  'do', 'does', 'did', 'doing', 'done', 'have', 'has', 'had', 'can', 'could', 'would', 'should',
  'will', 'shall', 'may', 'might', 'must', 'i', 'me', 'my', 'mine', 'we', 'us', 'our', 'you',
  'your', 'he', 'him', 'his', 'she', 'her', 'it', 'its', 'they', 'them', 'their', 'this', 'that',
  'these', 'those', 'there', 'here', 'what', 'whats', 'which', 'who', 'whom', 'whose', 'where',
  'when', 'why', 'how', 'so', 'than', 'then', 'too', 'very', 'just', 'also', 'any', 'some', 'all',
  'not', 'no', 'yes', 'up', 'out', 'over', 'get', 'got', 'want', 'need', 'needs', 'please', 'pls',
  'plz', 'hi', 'hello', 'hey', 'thanks', 'thank', 'ok', 'okay', 'let', 'lets', 'one', 'someone',
  'somebody', 'anyone', 'thing', 'things', 'way', 'im', 'ive', 'dont', 'cant', 'doesnt', 'isnt',
  'u', 'ur', 'pls', 'like', 'really', 'still', 'now', 's', 't', 'd', 'll', 're', 've', 'm',
  'many', 'much',
]);

/** Chinese function words and question words, as Intl.Segmenter emits them. */
export const ZH_STOP_WORDS: ReadonlySet<string> = new Set([
  '的', '了', '吗', '呢', '吧', '啊', '呀', '嘛', '么', '哦', '着', '过', '地', '得',
  '我', '我们', '你', '你们', '您', '他', '她', '它', '他们', '她们', '它们', '自己', '大家',
  '在', '是', '有', '和', '与', '及', '或', '或者', '也', '都', '就', '还', '又', '把', '被', '将',
  '对', '从', '向', '于', '以', '为', '给', '让', '跟', '同', '而', '并', '但', '但是', '所以', '因为',
  '怎么', '怎样', '怎么样', '如何', '什么', '啥', '哪', '哪里', '哪儿', '哪个', '哪些', '几', '多少',
  '为什么', '为啥', '干嘛', '是否', '能', '能不能', '可以', '可不可以', '会', '要', '想', '需要',
  '应该', '请', '请问', '一下', '一个', '这个', '那个', '这', '那', '这些', '那些', '有没有', '没有',
  '不', '没', '吗', '呢', '里', '上', '下', '中', '该', '个', '之', '其', '此', '等', '弄', '搞', '做',
  '谢谢', '你好',
  // General function words from common Chinese stop-word lists (time, degree, connectives).
  '之前', '之后', '以前', '以后', '然后', '已经', '一次', '一些', '一点', '有点', '还是', '如果', '为了',
  '可能', '现在', '时候', '这样', '那样', '怎么办', '什么样', '这里', '那里', '到底', '其实', '其他', '别的',
  '比如', '例如', '通过', '进行', '关于', '对于', '根据', '一直', '总是', '还有', '而且', '并且', '就是',
  '只是', '不是', '能否', '是不是', '要不要', '的话', '一样', '所有', '每个', '一般', '这么', '那么', '多少',
]);

/**
 * Characters that glue Chinese words together; character bigrams that
 * contain one of them straddle a word boundary and are not indexed.
 */
export const ZH_PARTICLE_CHARS: ReadonlySet<string> = new Set(['的', '了', '吗', '呢', '吧', '啊', '呀', '嘛']);

/** Single Han characters too common to be worth a unigram term. */
export const ZH_STOP_CHARS: ReadonlySet<string> = new Set([
  '的', '了', '吗', '呢', '吧', '啊', '呀', '嘛', '么', '着', '过', '我', '你', '您', '他', '她', '它',
  '在', '是', '有', '和', '与', '及', '或', '也', '都', '就', '还', '把', '被', '将', '对', '从', '于',
  '以', '为', '这', '那', '个', '之', '其', '此', '等', '不', '没', '哪', '啥', '怎', '如', '何', '么',
  '一', '可', '能', '会', '要', '请', '该', '中', '上', '下', '里', '时', '后', '前',
]);
