/** JMH benchmarks of Lightway-J, each reporting against a baseline measured in the same run. */
package org.lightwayj.bench;
