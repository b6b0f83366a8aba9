/**
 * The entry of `survei.html`, the SKM form as one self-contained document (its script and styles
 * inline, built by vite.config.ts's surveyDocument()), which the server sends for
 * `/survei/<code>`: under DevTools' Slow 3G preset every request waits 2 s, so the first question
 * must come with the first response. The unit's name and the device token follow.
 */
import { startSurvey } from './survey.ts';

void startSurvey();
