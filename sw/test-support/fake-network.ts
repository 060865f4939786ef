// A stand-in for the global `fetch` in the worker's unit tests: it records every URL that went to
// the network (the portal server, other origins) and answers from a function the test chooses,
// by default a 200 that names the URL so a test can tell the network's answer from the site's.
export type NetworkAnswer = (request: Request) => Promise<Response>;

export const fromNetwork: NetworkAnswer = async (request) => new Response(`network: ${request.url}`);

export class FakeNetwork {
  /** What went to the network, as the worker handed it over. */
  readonly requests: Request[] = [];
  answer: NetworkAnswer;

  constructor(answer: NetworkAnswer = fromNetwork) {
    this.answer = answer;
  }

  readonly fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    // Kept as given, so a test can check that the worker passed a request on untouched.
    const request = input instanceof Request && !init ? input : new Request(input, init);
    this.requests.push(request);
    return this.answer(request);
  };

  get urls(): string[] {
    return this.requests.map((request) => request.url);
  }
}
