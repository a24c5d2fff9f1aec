/**
 * Task statements: Markdown rendered by react-markdown without raw HTML. Without rehype-raw,
 * react-markdown turns HTML in the source into plain text, so `<script>` shows as what it is
 * and never runs. Links are restricted to http(s), mailto and in-page anchors.
 */
import Markdown from 'react-markdown';
import type { Components } from 'react-markdown';

const safeHref = (href: string | undefined): string | undefined =>
  href !== undefined && /^(https?:|mailto:|#)/i.test(href) ? href : undefined;

const components: Components = {
  a: ({ href, children }) => {
    const safe = safeHref(href);
    if (safe === undefined) return <span className="link-removed">{children}</span>;
    const external = !safe.startsWith('#');
    return (
      <a href={safe} {...(external ? { target: '_blank', rel: 'noopener noreferrer nofollow' } : {})}>
        {children}
      </a>
    );
  },
  // External images are blocked by the CSP anyway; keep the alt text visible instead.
  img: ({ alt }) => <span className="image-alt">[image: {alt ?? ''}]</span>,
};

export function StatementMarkdown(props: { readonly source: string; readonly testId?: string }) {
  return (
    <div className="markdown" data-testid={props.testId}>
      <Markdown components={components}>{props.source}</Markdown>
    </div>
  );
}
