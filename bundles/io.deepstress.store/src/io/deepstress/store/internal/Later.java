package io.deepstress.store.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an entity field added after export format 1: it is null in older rows, and {@link RunTransfer} leaves
 * it out of an export while it is null, so that a run stored by an older version exports to the same bytes as
 * before and an export without the field imports as "absent". Such fields must have a boxed or object type.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface Later {
}
