/**
 * Words typed like a name: an acronym or inner capital (SAP, iPhone), or a
 * Latin word in a Chinese question (在Odoo里请假). When no article uses such
 * a word it usually names the system or product around the question, not what
 * it asks. A capitalised word alone is not enough: "French", "Monday" and
 * "Shanghai" are capitalised too.
 */
export function nameLikeWords(text: string): Set<string> {
  const raw = text.normalize('NFKC');
  const hasHan = /[\u3400-\u9fff\uf900-\ufaff]/.test(raw);
  const names = new Set<string>();
  for (const match of raw.matchAll(/\p{Script=Latin}[\p{Script=Latin}\p{N}]*/gu)) {
    const word = match[0];
    if (hasHan || /^.+\p{Lu}/u.test(word)) names.add(word.toLowerCase());
  }
  return names;
}
