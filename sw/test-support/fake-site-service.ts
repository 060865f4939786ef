// A stand-in for SiteService in the worker's unit tests, with only what handlers.ts calls on it
// (`handle`, `contentTag`): it records which URL was asked for under which site label and answers
// from a function the test chooses, so tests can make the chain reachable, unreachable or a file
// missing without a chain or storage nodes.
import type { SiteService } from '../../core/serve/site-service.ts';

export type SiteAnswer = (request: Request, label: string) => Response;

export interface SiteCall {
  readonly url: string;
  readonly label: string;
}

export class FakeSiteService implements Pick<SiteService, 'handle' | 'contentTag'> {
  readonly calls: SiteCall[] = [];
  answer: SiteAnswer;
  readonly #tags = new WeakMap<Response, string>();

  constructor(answer: SiteAnswer) {
    this.answer = answer;
  }

  async handle(request: Request, label: string): Promise<Response> {
    this.calls.push({ url: request.url, label });
    return this.answer(request, label);
  }

  /** Marks `response` as holding `tag`, as the real service does for its full answers. */
  tag(response: Response, tag: string): Response {
    this.#tags.set(response, tag);
    return response;
  }

  contentTag(response: Response): string | undefined {
    return this.#tags.get(response);
  }

  /** This fake where the worker expects the real service (it uses only the methods above). */
  asService(): SiteService {
    return this as unknown as SiteService;
  }
}
