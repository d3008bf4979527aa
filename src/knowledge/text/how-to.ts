/**
 * Whether a question asks how to do something: its answer is usually a
 * numbered list of steps, which the passage then keeps whole.
 */
const HOW_TO_EN = /\b(how|steps?|procedure|where (do|can|should) i|what do i do)\b/i;
const HOW_TO_ZH = /怎么|怎样|如何|咋|步骤|流程|在哪/;

export function isHowToQuestion(question: string): boolean {
  return HOW_TO_EN.test(question) || HOW_TO_ZH.test(question);
}
