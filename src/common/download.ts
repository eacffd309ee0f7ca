/** Content-Disposition with an ASCII fallback name and the real (Chinese) one as RFC 5987 `filename*`. */
export function contentDisposition(kind: 'attachment' | 'inline', asciiName: string, name: string): string {
  return `${kind}; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
