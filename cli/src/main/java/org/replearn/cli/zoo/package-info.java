/** {@code replearn zoo}: generate, inspect, import, export and benchmark RNN model zoos. */
package org.replearn.cli.zoo;
