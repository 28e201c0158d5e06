/**
 * A `--py` value's command split into words as a POSIX shell would (no expansions): blanks
 * separate words, '…' keeps everything inside as it is, "…" keeps everything but lets a
 * backslash escape " \ $ ` and a newline, and outside quotes a backslash keeps the next
 * character. So `--py "mesin2=client.py 'hello world'"` passes one argument, as the same line
 * typed after `python3` would. An unterminated quote is an error, naming where it opened.
 */
export function shellWords(text: string): string[] | { readonly error: string } {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return { error: `unterminated ' at character ${i + 1}` };
      word += text.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (ch === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\' && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1]!)) i++;
        word += text[i];
      }
      if (i >= text.length) return { error: `unterminated " at character ${start + 1}` };
      inWord = true;
    } else if (ch === '\\') {
      if (i + 1 < text.length) word += text[++i];
      inWord = true;
    } else if (ch === ' ' || ch === '\t' || ch === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
