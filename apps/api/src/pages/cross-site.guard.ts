// In the shared base since the sign-in surface's forms keep the same rule (PAGES.md §2).
export { CrossSiteRequestError, SameOriginGuard } from '../http/same-origin.guard';
