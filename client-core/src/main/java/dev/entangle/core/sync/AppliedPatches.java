package dev.entangle.core.sync;

/** What a change did to the state ({@code forward}) and what undoes it ({@code inverse}, to apply as it is). */
public record AppliedPatches(AtomPatches forward, AtomPatches inverse) {

    public static final AppliedPatches NONE = new AppliedPatches(AtomPatches.NONE, AtomPatches.NONE);
}
