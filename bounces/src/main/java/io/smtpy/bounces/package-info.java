/**
 * Mail that comes back, understood: remote replies classified ({@link io.smtpy.bounces.BounceClassifier}), delivery
 * reports ({@link io.smtpy.bounces.DsnParser}) and complaints ({@link io.smtpy.bounces.ArfParser}) read, robots told
 * apart ({@link io.smtpy.bounces.AutoReplyDetector}); {@link io.smtpy.bounces.ReturnedMail} is the one way in for a
 * returned message. Pure functions of the bytes: no storage, no clock, never an exception.
 */
package io.smtpy.bounces;
