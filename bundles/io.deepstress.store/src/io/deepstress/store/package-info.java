/** What the records store offers beside its services: how a shared records database is named. */
package io.deepstress.store;
