/**
 * Entry of the content pages. Each scenario block was rendered at build time as static HTML (it reads fine
 * without JavaScript); here the search box is mounted and each block is wired to go live on first use (the
 * engine and editors are loaded then, not with the page).
 */
import { upgradeContentPage } from "../lib/contentPage.ts";
import { pageSearchIndex } from "../lib/search.ts";
import "../styles/site.css";

upgradeContentPage(document, pageSearchIndex(document));
