/** The string value of a form field ('' when missing or a file). Safe for client components. */
export function formString(form: FormData, key: string): string {
  const v = form.get(key);
  return typeof v === 'string' ? v : '';
}
