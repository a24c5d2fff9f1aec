/**
 * "Skip to content" for keyboard users. A plain `#id` link would change the hash route, so it
 * moves focus itself.
 */
export function SkipLink({ target }: { readonly target: string }) {
  return (
    <a
      className="skip-link"
      href={`#${target}`}
      onClick={(e) => {
        e.preventDefault();
        document.getElementById(target)?.focus();
      }}
    >
      Skip to content
    </a>
  );
}
